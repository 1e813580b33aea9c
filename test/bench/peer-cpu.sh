#!/usr/bin/env bash
# The dashboard query side by side with PostGraphile, counting each side's whole CPU per
# request: its server process and all of its database's processes.
#
# `vs-postgraphile.sh` (beside the project, in ../shared/peer) gives the ratio of throughputs;
# its database column for PostgreSQL reads only the backends alive when a round starts, and
# PostGraphile's pool opens new ones during the round, so it shows ~0. Here PostgreSQL's CPU
# is every postgres process's, plus what the postmaster has collected from backends that
# exited; MariaDB's is mariadbd's. Needs what vs-postgraphile.sh installs and loads once
# (PostGraphile in PEER_DIR, the `peer` database, `kacmac_peerbench` seeded) and `npm run
# build`. A benchmark, not a test: CI does not run it.
#
# Usage: bash test/bench/peer-cpu.sh   (ROUNDS=3 SECONDS_PER_ROUND=15 CONNECTIONS=10)
set -euo pipefail
cd "$(dirname "$0")/../.."
peer=${PEER_QUERY_DIR:-../shared/peer}
PEER_DIR=${PEER_DIR:-/tmp/kacmac-peer}
ROUNDS=${ROUNDS:-3}; SECS=${SECONDS_PER_ROUND:-15}; CONN=${CONNECTIONS:-10}
PEER_PORT=5097; OURS_PORT=4597
[ -x "$PEER_DIR/node_modules/.bin/postgraphile" ] || { echo "run $peer/vs-postgraphile.sh once first"; exit 2; }
[ -f dist/src/main.js ] || { echo "run npm run build first"; exit 2; }

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
SECRET=$(openssl rand -hex 32)
NODE_OPTIONS="--require $peer/polyfill.cjs" "$PEER_DIR/node_modules/.bin/postgraphile" \
  -c postgres://postgres@127.0.0.1/peer -s app -p $PEER_PORT -n 127.0.0.1 -P postgraphile/presets/amber \
  >/tmp/kacmac-peer-cpu-peer.log 2>&1 &
pids+=($!); PEER_PID=$!
NODE_ENV=production PORT=$OURS_PORT HOST=127.0.0.1 LOG_LEVEL=warn \
  DATABASE_URL=mysql://root@127.0.0.1:3306/kacmac_peerbench JWT_SECRET=$SECRET \
  CARD_ENCRYPTION_KEY=$(openssl rand -base64 32) ACCESS_LOG_KEY=$(openssl rand -base64 32) \
  RATE_LIMIT_ACTOR_PER_MINUTE=1000000 node --max-semi-space-size=64 dist/src/main.js \
  >/tmp/kacmac-peer-cpu-ours.log 2>&1 &
pids+=($!); OURS_PID=$!
TOKEN=$(JWT_SECRET=$SECRET npm run -s token -- --role ADMIN --sub admin-1 --ttl 2h | tail -1)
for url in http://127.0.0.1:$OURS_PORT/health/ready http://127.0.0.1:$PEER_PORT/graphql; do
  for _ in $(seq 1 60); do
    curl -s -o /dev/null "$url" -H 'content-type: application/json' -d '{"query":"{__typename}"}' && break
    sleep 1
  done
done

hz=$(getconf CLK_TCK)
own() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Every postgres process, and the postmaster's children that have exited (cutime + cstime).
postgres_cpu() {
  local master total=0 p
  master=$(pgrep -u postgres -o postgres)
  total=$(awk '{print $16 + $17}' "/proc/$master/stat")
  for p in $(pgrep -u postgres); do total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo "$total"
}
mariadb_cpu() { own "$(pgrep -x mariadbd | head -1)"; }
load() { # url body header -> req/s p50 p99 total non-2xx
  "$PEER_DIR/node_modules/.bin/autocannon" -j -c "$CONN" -d "$1" -m POST -H 'content-type: application/json' \
    ${4:+-H "$4"} -i "$3" "$2" 2>/dev/null |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log(j.requests.average.toFixed(1),j.latency.p50,j.latency.p99,j.requests.total,j.non2xx+j.errors)})'
}
side() { # name url body header server-pid database-cpu-function
  local s1 d1 s2 d2 rps p50 p99 total bad
  s1=$(own "$5"); d1=$($6)
  read -r rps p50 p99 total bad < <(load "$SECS" "$2" "$3" "$4")
  s2=$(own "$5"); d2=$($6)
  node -e '
    const [name, rps, p50, p99, total, bad, server, db, hz] = process.argv.slice(1);
    const ms = (t) => ((Number(t) / Number(hz)) * 1000) / Math.max(Number(total), 1);
    console.log(`${name.padEnd(12)} ${rps.padStart(7)} req/s  p50 ${p50.padStart(3)} ms  p99 ${p99.padStart(4)} ms  server ${ms(server).toFixed(2)} + database ${ms(db).toFixed(2)} = ${(ms(server) + ms(db)).toFixed(2)} ms CPU/req  bad ${bad}`);
  ' "$1" "$rps" "$p50" "$p99" "$total" "$bad" $((s2 - s1)) $((d2 - d1)) "$hz"
}
load 5 http://127.0.0.1:$PEER_PORT/graphql "$peer/dashboard-peer.json" "" >/dev/null
load 5 http://127.0.0.1:$OURS_PORT/graphql "$peer/dashboard-ours.json" "authorization: Bearer $TOKEN" >/dev/null
echo "dashboard query, $CONN connections, $SECS s a round, $(nproc) cores"
for _ in $(seq 1 "$ROUNDS"); do
  side postgraphile http://127.0.0.1:$PEER_PORT/graphql "$peer/dashboard-peer.json" "" $PEER_PID postgres_cpu
  side kacmac http://127.0.0.1:$OURS_PORT/graphql "$peer/dashboard-ours.json" "authorization: Bearer $TOKEN" $OURS_PID mariadb_cpu
done
