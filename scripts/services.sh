#!/usr/bin/env bash
# Starts (or stops) the services of govaudit's distributed mode on loopback: Debian's redis-server (the job
# broker) and a PostgreSQL cluster (the shared run store), each with its own data directory under DIR.
#
#   scripts/services.sh start DIR    # idempotent: starts what is not running, prints the addresses
#   scripts/services.sh stop DIR     # stops both (data stays in DIR)
#   scripts/services.sh env DIR      # prints GOVAUDIT_BROKER=… and GOVAUDIT_STORE=… (also in DIR/services.env)
#
# Ports: REDIS_PORT / PG_PORT if set, else the ones recorded in DIR on first start, else free ports.
# Both listen on 127.0.0.1 only; PostgreSQL trusts connections from loopback (user and database "govaudit").
# As root, PostgreSQL runs as the "postgres" user (runuser), which must be able to enter DIR.
# Install the binaries with `apt-get install -y redis-server postgresql` (scripts/bootstrap.sh does).
set -euo pipefail

usage() { echo "usage: $0 start|stop|env DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)

pg_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return; }
  echo "services.sh: PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 2
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
port_of() { # recorded port, or the environment's, or a free one
  local file="$dir/$1.port" env=$2
  if [ -n "${!env:-}" ]; then echo "${!env}" > "$file"; fi
  [ -s "$file" ] || free_port > "$file"
  cat "$file"
}

write_env() {
  local rp pp
  rp=$(cat "$dir/redis.port") pp=$(cat "$dir/pg.port")
  printf 'GOVAUDIT_BROKER=redis://127.0.0.1:%s/0\nGOVAUDIT_STORE=postgresql://govaudit@127.0.0.1:%s/govaudit\n' \
    "$rp" "$pp" > "$dir/services.env"
  cat "$dir/services.env"
}

start_redis() {
  command -v redis-server >/dev/null 2>&1 || { echo "services.sh: redis-server is not installed (apt-get install -y redis-server)" >&2; exit 2; }
  local port; port=$(port_of redis REDIS_PORT)
  mkdir -p "$dir/redis"
  if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then return; fi
  # append-only file: queued jobs survive a broker restart
  redis-server --bind 127.0.0.1 --port "$port" --dir "$dir/redis" --daemonize yes \
    --pidfile "$dir/redis/redis.pid" --logfile "$dir/redis/redis.log" --save "" --appendonly yes
  for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && return; sleep 0.1; done
  echo "services.sh: redis-server did not start; see $dir/redis/redis.log" >&2; exit 3
}

start_pg() {
  local bin port data="$dir/pg/data"
  bin=$(pg_bin); port=$(port_of pg PG_PORT)
  mkdir -p "$dir/pg"
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir/pg"
    # a private DIR (mktemp -d) only needs to be enterable (not listable) by the postgres user
    runuser -u postgres -- test -x "$dir" || chmod a+x "$dir"
    runuser -u postgres -- test -w "$dir/pg" || {
      echo "services.sh: the postgres user cannot enter $dir (a parent directory is closed to it); choose a DIR under /tmp or /var/lib" >&2; exit 2; }
  fi
  if [ ! -s "$data/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$data" -U govaudit --auth=trust --encoding=UTF8 --no-locale >"$dir/pg/initdb.log"
  fi
  if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then return; fi
  as_pg "$bin/pg_ctl" -D "$data" -l "$dir/pg/postgres.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir/pg -c max_connections=200" >/dev/null
  as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U govaudit -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='govaudit'" | grep -q 1 ||
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U govaudit govaudit
}

stop_all() {
  if [ -s "$dir/redis/redis.pid" ] && kill -0 "$(cat "$dir/redis/redis.pid")" 2>/dev/null; then
    redis-cli -h 127.0.0.1 -p "$(cat "$dir/redis.port")" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$dir/redis/redis.pid")"
  fi
  if [ -s "$dir/pg/data/PG_VERSION" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

case "$cmd" in
  start) start_redis; start_pg; write_env ;;
  stop) stop_all ;;
  env) write_env ;;
  *) usage ;;
esac
