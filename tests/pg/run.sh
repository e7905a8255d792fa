#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server, then stops it.
#
#   bash tests/pg/run.sh COMMAND [ARGS...]
#
# Installs PostgreSQL (with contrib, for unaccent) when absent, starts a
# cluster in a temporary directory on 127.0.0.1 at a free port (as the
# `postgres` system user when run as root: initdb refuses root), runs the
# command with VEILLE_TEST_PG set to its superuser's URL, and stops and
# removes the cluster on exit, whatever the command's outcome. Exits with
# the command's status.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: bash tests/pg/run.sh COMMAND [ARGS...]" >&2
  exit 2
fi

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1
}
has_unaccent() {
  ls /usr/share/postgresql/*/extension/unaccent.control > /dev/null 2>&1
}
if [ -z "$(pg_bin)" ] || ! has_unaccent; then
  echo "tests/pg/run.sh: installing PostgreSQL" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib > /dev/null
fi
bin=$(pg_bin)
if [ -z "$bin" ]; then
  echo "tests/pg/run.sh: no PostgreSQL server found after installing" >&2
  exit 1
fi

# As root, the server runs as `postgres`; otherwise as the caller.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres > /dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
  fi
  as_pg=(runuser -u postgres --)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/veille-pg.XXXXXX")
chmod 755 "$dir"
if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale --no-sync > "$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log" >&2
  exit 1
}
if ! "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/server.log" \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start > /dev/null; then
  cat "$dir/server.log" >&2
  exit 1
fi
export VEILLE_TEST_PG="postgres://postgres@127.0.0.1:$port/postgres"
echo "tests/pg/run.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $VEILLE_TEST_PG" >&2

status=0
"$@" || status=$?
exit "$status"
