#!/usr/bin/env bash
# The local services `make test` uses, found or started (installed from Debian's
# packages when missing, as `make test` does for chromium):
#   PostgreSQL at 127.0.0.1:5432 with a role and database `assistant_test` (password
#   `assistant_test`), for the usage report's PostgreSQL test (tests/test_usage.py);
#   Redis at 127.0.0.1:6379, keeping nothing on disk, and HAProxy, for the scaled
#   profile's tests (tests/test_redis_stores.py, tests/test_scale.py).
# Nothing here is used by `make run`, which needs no service.
set -euo pipefail
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

missing=()
command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian's ${missing[*]} for the tests"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "Starting Redis (nothing kept on disk)"
  mkdir -p build/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir "$PWD/build/redis" --logfile "$PWD/build/redis/redis.log"
  for _ in $(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.2; done
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
