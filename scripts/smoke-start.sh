#!/usr/bin/env bash
# Starts the built app as a newcomer would (embedded PostgreSQL, fresh data dir), waits until it is
# ready, checks the docs, stops it with SIGINT and expects a clean exit. Then starts it again on the
# same data to prove the data is kept and the seeds are not loaded twice.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
chmod 755 "$data" # PostgreSQL runs as its own user when we are root
port=$((40000 + RANDOM % 5000))
pgport=$((45000 + RANDOM % 5000))
log=$(mktemp)

start() {
  DATA_DIR="$data" PORT="$port" EMBEDDED_PG_PORT="$pgport" BCRYPT_COST=12 node dist/src/main.js >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "smoke: app exited during start"; return 1; fi
    sleep 0.5
  done
  cat "$log"; echo "smoke: not ready in time"; return 1
}

stop() {
  kill -INT "$pid"
  wait "$pid" && code=0 || code=$?
  [ "$code" -eq 0 ] || { cat "$log"; echo "smoke: exit code $code after SIGINT"; return 1; }
}

start
curl -fsS "http://127.0.0.1:$port/docs-json" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const d=JSON.parse(s);if(!d.paths['/api/v1/auth/signup'])process.exit(1)})"
grep -q "Demo admin created" "$log" || { cat "$log"; echo "smoke: no admin credentials printed"; exit 1; }
stop
# Operators' command on the same data: everything is applied already.
DATA_DIR="$data" EMBEDDED_PG_PORT="$pgport" node dist/src/platform/database/cli.js migrate 2>&1 | grep -q "No pending migrations" \
  || { echo "smoke: npm run migrate did not find the schema up to date"; exit 1; }
start
if grep -q "Demo admin created" "$log"; then echo "smoke: seeds ran twice"; exit 1; fi
# Graceful shutdown: a signup (a bcrypt hash in flight) sent just before SIGTERM still completes.
body='{"email":"smoke-'$RANDOM'@example.com","password":"correct-Horse-42","fullName":"Smoke Test"}'
curl -s --max-time 30 -o /dev/null -w '%{http_code}' -H 'content-type: application/json' -d "$body" \
  "http://127.0.0.1:$port/api/v1/auth/signup" >"$log.status" &
curl_pid=$!
sleep 0.05
kill -TERM "$pid"
wait "$curl_pid" || true
wait "$pid" && code=0 || code=$?
[ "$code" -eq 0 ] || { cat "$log"; echo "smoke: exit code $code after SIGTERM"; exit 1; }
[ "$(cat "$log.status")" = "201" ] || { cat "$log"; echo "smoke: in-flight signup answered $(cat "$log.status")"; exit 1; }
if curl -fsS "http://127.0.0.1:$port/health/live" >/dev/null 2>&1; then echo "smoke: still serving after SIGTERM"; exit 1; fi
rm -f "$log.status"
# As root with the data under a directory closed to others (root's home is 0700): PostgreSQL's own
# user cannot get there, so start-up stops at once with one line saying why and what to do.
if [ "$(id -u)" = 0 ]; then
  closed=$(mktemp -d)
  chmod 700 "$closed"
  DATA_DIR="$closed/.data" PORT="$port" EMBEDDED_PG_PORT="$pgport" timeout 60 node dist/src/main.js >"$log" 2>&1 \
    && { cat "$log"; echo "smoke: started with its data under a 0700 directory"; exit 1; }
  [ "$(wc -l <"$log")" -eq 1 ] && grep -q "cannot enter $closed " "$log" \
    || { cat "$log"; echo "smoke: no one-line reason for a data directory the postgres user cannot reach"; exit 1; }
  rm -rf "$closed"
fi
rm -rf "$data" "$log"
echo "smoke: start, ready, docs, clean stop, migrate command, restart on kept data, graceful SIGTERM, a data directory PostgreSQL cannot reach: ok"
