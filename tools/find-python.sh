#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter: $PYTHON if set, then PATH, then pyenv.
# Rasa 3.6 supports Python 3.8-3.10 only, and this project is tested on 3.10.
set -u
is_310() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
candidates+=(python3.10 python3 python)
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
  for dir in "$root"/versions/3.10*; do
    [ -x "$dir/bin/python" ] && candidates+=("$dir/bin/python")
  done
fi
for c in "${candidates[@]}"; do
  path=$(command -v "$c" 2>/dev/null) || continue
  if is_310 "$path"; then
    # Resolve pyenv shims to the real interpreter, so the venv does not depend on them.
    "$path" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done
echo "error: Python 3.10 not found. Rasa 3.6 runs on Python 3.8-3.10 only." >&2
echo "Install Python 3.10 (e.g. 'pyenv install 3.10.13') or set PYTHON=/path/to/python3.10." >&2
exit 1
