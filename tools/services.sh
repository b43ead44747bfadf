#!/usr/bin/env bash
# The local services `make test` uses, found or started (installed from Debian's
# packages when missing, as `make test` does for chromium):
#   PostgreSQL at 127.0.0.1:5432 with a role and database `assistant_test` (password
#   `assistant_test`), for the usage report's PostgreSQL test (tests/test_usage.py).
# Nothing here is used by `make run`, which needs no service.
set -euo pipefail
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

if ! command -v pg_ctlcluster >/dev/null; then
  echo "Installing Debian's postgresql for the usage report's tests"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  version=$(ls /etc/postgresql | sort -V | tail -1)
  echo "Starting PostgreSQL $version"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else $SUDO -u postgres "$@" 2>/dev/null || su postgres -c "$(printf '%q ' "$@")"; fi; }
if ! as_postgres psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'assistant_test'" | grep -q 1; then
  as_postgres psql -qc "CREATE ROLE assistant_test LOGIN PASSWORD 'assistant_test'"
fi
if ! as_postgres psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'assistant_test'" | grep -q 1; then
  as_postgres psql -qc "CREATE DATABASE assistant_test OWNER assistant_test"
fi
