# Sourced by .ci/run (or by hand: `source .ci/postgres.sh && start_postgres`): a throw-away PostgreSQL for the storage
# tests. Installs Debian's `postgresql` package when missing, creates a cluster in a temporary folder (trust auth,
# loopback only, a free port, socket in /tmp), starts it and exports COACH_TEST_PG_URL; stop_postgres removes it all.
# Works as root (the server runs as the `postgres` user: initdb refuses root) and as any other user.

PG_DIR=""
PG_BIN=""

_pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

_pg_find_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ]; then PG_BIN=$dir; return 0; fi
    return 1
}

_pg_install() {
    echo "ci: installing PostgreSQL from Debian's packages" >&2
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
            echo "ci: PostgreSQL is not installed and this user cannot install it (no root, no sudo)" >&2
            return 1
        fi
    fi
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
}

start_postgres() {
    _pg_find_bin || { _pg_install && _pg_find_bin; } || return 1
    local port started
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    PG_DIR=$(mktemp -d /tmp/coach-pg.XXXXXX)
    chmod 755 "$PG_DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
    started=$(date +%s.%N)
    _pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U coach --auth=trust --encoding=UTF8 --no-instructions \
        >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
    _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -s \
        -o "-p $port -k /tmp -c listen_addresses=127.0.0.1" start || { cat "$PG_DIR/server.log" >&2; return 1; }
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U coach coach_test || return 1
    export COACH_TEST_PG_URL="postgresql+psycopg://coach@127.0.0.1:$port/coach_test"
    echo "ci: PostgreSQL $("$PG_BIN/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port" \
        "(up in $(python3 -c "import time; print(f'{time.time() - $started:.1f}')") s)" >&2
}

stop_postgres() {
    if [ -n "$PG_DIR" ] && [ -d "$PG_DIR/data" ]; then
        _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -s stop || true
    fi
    [ -n "$PG_DIR" ] && rm -rf "$PG_DIR"
    PG_DIR=""
}
