#!/usr/bin/env bash
# Run COMMAND... with a throw-away PostgreSQL cluster for the mesh tests, and stop it afterwards.
#
#   scripts/with-postgres.sh .venv/bin/python -m pytest tests/sync -q
#
# Starts initdb + pg_ctl in a fresh temporary folder on 127.0.0.1:55432 (KAZASU_PG_PORT to change),
# as the `postgres` user when run as root (PostgreSQL refuses to run as root), else as the current
# user, with trust authentication for the role `kazasu`, and exports
#   KAZASU_TEST_PG_URL=postgresql://kazasu@127.0.0.1:55432/postgres
# The cluster is stopped and its folder removed on exit, whatever happens. If PostgreSQL is not
# installed, says why and runs the command without the variable (the PostgreSQL tests then fail unless
# KAZASU_ALLOW_NO_POSTGRES=1). Exits with the command's status.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

PORT=${KAZASU_PG_PORT:-55432}
BIN=""
for candidate in "${KAZASU_PG_BIN:-}" /usr/lib/postgresql/*/bin; do
  if [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
    BIN=$candidate
  fi
done
if [ -z "$BIN" ] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
  BIN=$(dirname "$(command -v initdb)")
fi
if [ -z "$BIN" ]; then
  echo "with-postgres: PostgreSQL is not installed (no initdb/pg_ctl found; on Debian:" \
       "apt-get install postgresql, or run scripts/setup.sh as root)." >&2
  echo "with-postgres: running the command without KAZASU_TEST_PG_URL" >&2
  unset KAZASU_TEST_PG_URL
  exec "$@"
fi

DIR=$(mktemp -d "${TMPDIR:-/tmp}/kazasu-pg.XXXXXX")
chmod 700 "$DIR"
if [ "$(id -u)" = 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "with-postgres: running as root but there is no 'postgres' user to run the server" >&2
    rm -rf "$DIR"
    exit 1
  fi
  chown postgres "$DIR"
  as_owner() { su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; }
else
  as_owner() { "$@"; }
fi

stop_cluster() {
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop_cluster EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U kazasu -E UTF8 --no-sync >"$DIR/initdb.log" 2>&1; then
  echo "with-postgres: initdb failed:" >&2
  cat "$DIR/initdb.log" >&2
  exit 1
fi
# fsync stays on: the mesh tests check that an acknowledgement means a durable commit.
if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" -w -t 30 -l "$DIR/server.log" \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null; then
  echo "with-postgres: the server did not start (port $PORT in use?):" >&2
  cat "$DIR/server.log" >&2 || true
  exit 1
fi

export KAZASU_TEST_PG_URL="postgresql://kazasu@127.0.0.1:$PORT/postgres"
echo "with-postgres: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2
set +e
"$@"
rc=$?
set -e
exit "$rc"
