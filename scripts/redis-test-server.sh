#!/usr/bin/env bash
# A throwaway Redis server for the job-queue tests: `start DIR` runs redis-server on a free loopback port with
# persistence off (no RDB snapshots, no append-only file), its pid file and log in DIR, waits until it answers and
# prints its URL; `stop DIR` stops it.
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?server directory}
command -v redis-server >/dev/null 2>&1 || { echo "Redis is not installed: apt-get install -y redis-server" >&2; exit 1; }
case "$cmd" in
  start)
    mkdir -p "$dir"
    port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
      --pidfile "$dir/redis.pid" --logfile "$dir/log" --daemonize yes
    for _ in $(seq 1 100); do
      redis-cli -p "$port" ping >/dev/null 2>&1 && break
      sleep 0.1
    done
    redis-cli -p "$port" ping >/dev/null
    echo "$port" > "$dir/port"
    echo "redis://127.0.0.1:$port"
    ;;
  stop)
    if [ -f "$dir/port" ]; then redis-cli -p "$(cat "$dir/port")" shutdown nosave >/dev/null 2>&1 || true; fi
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
