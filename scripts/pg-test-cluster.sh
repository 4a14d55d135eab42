#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the ledger store tests: `start DIR` runs initdb into DIR, starts the
# server on a free loopback port with its unix socket in DIR, creates the database `gepkit`, and prints its URL;
# `stop DIR` stops it. Every role signs in without a password (trust) except `gepkit_password`, which needs one over
# TCP. Run as root, the cluster belongs to the `postgres` system user (initdb refuses root).
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?cluster directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 1; }
as() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as "'$bin/initdb' -D '$dir/data' -A trust -U gepkit --no-sync >/dev/null"
    # One role signs in with a password over TCP (the first matching line wins): the tests of a client without
    # the password (a queue worker without PGPASSWORD) create it and set its password.
    hba="$dir/data/pg_hba.conf"
    as "printf 'host all gepkit_password 127.0.0.1/32 scram-sha-256\\nhost all gepkit_password ::1/128 scram-sha-256\\n' | cat - '$hba' > '$hba.new' && mv '$hba.new' '$hba'"
    port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    as "'$bin/pg_ctl' -D '$dir/data' -l '$dir/log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off\" start >/dev/null"
    as "'$bin/createdb' -h 127.0.0.1 -p $port -U gepkit gepkit"
    echo "postgres://gepkit@127.0.0.1:$port/gepkit"
    ;;
  stop)
    as "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null" || true
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
