# Install (if needed) and start a throw-away PostgreSQL server on 127.0.0.1.
# Sourced by .ci/run; exports DUIKOU_PG_URL and stops the server when the shell exits.

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
PG_BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
PG_PORT=${DUIKOU_PG_PORT:-54329}
PG_DIR=$(mktemp -d /tmp/duikou-pg.XXXXXX)
chown postgres:postgres "$PG_DIR"
as_postgres() { runuser -u postgres -- "$@"; }

as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 \
  --locale=C.UTF-8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR \
      -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
trap 'runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true' EXIT
as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres duikou
export DUIKOU_PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/duikou"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
