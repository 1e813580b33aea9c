#!/usr/bin/env bash
# The dashboard query under load with V8's GC traced: how much of the server's time goes to
# scavenges (young generation) and mark-compacts (old), next to throughput and latency.
# docs/performance.md, "Tenth round", explains what the figures say about requests in flight.
#
# Needs `npm run build` and a seeded database (default kacmac_peerbench, as
# ../shared/peer/vs-postgraphile.sh seeds it). A benchmark, not a test: CI does not run it.
#
# Usage: bash test/bench/gc-trace.sh   (CONNECTIONS=50 SECONDS_PER_RUN=15 SEMI_SPACE_MB=64
#        DATABASE_URL=mysql://root@127.0.0.1:3306/kacmac_peerbench QUERY=<JSON request body>)
set -euo pipefail
cd "$(dirname "$0")/../.."
CONN=${CONNECTIONS:-50}; SECS=${SECONDS_PER_RUN:-15}; SEMI=${SEMI_SPACE_MB:-64}
DB_URL=${DATABASE_URL:-mysql://root@127.0.0.1:3306/kacmac_peerbench}
QUERY=${QUERY:-test/bench/dashboard-query.json}
PORT=4595
[ -f dist/src/main.js ] || { echo "run npm run build first"; exit 2; }
log=$(mktemp); pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -f "$log"' EXIT
SECRET=$(openssl rand -hex 32)
NODE_ENV=production PORT=$PORT HOST=127.0.0.1 LOG_LEVEL=warn DATABASE_URL=$DB_URL JWT_SECRET=$SECRET \
  CARD_ENCRYPTION_KEY=$(openssl rand -base64 32) ACCESS_LOG_KEY=$(openssl rand -base64 32) \
  RATE_LIMIT_ACTOR_PER_MINUTE=1000000 node --max-semi-space-size="$SEMI" --trace-gc dist/src/main.js >"$log" 2>&1 &
pid=$!
TOKEN=$(JWT_SECRET=$SECRET npm run -s token -- --role ADMIN --sub admin-1 --ttl 2h | tail -1)
for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health/ready" && break; sleep 1; done
load() {
  node_modules/.bin/autocannon -j -c "$CONN" -d "$1" -m POST -H 'content-type: application/json' \
    -H "authorization: Bearer $TOKEN" -i "$QUERY" "http://127.0.0.1:$PORT/graphql" 2>/dev/null
}
load 5 >/dev/null
from=$(grep -c '' "$log" || true)
figures=$(load "$SECS" | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const j=JSON.parse(s);
  console.log(`${j.requests.average.toFixed(1)} req/s  p50 ${j.latency.p50} ms  p99 ${j.latency.p99} ms  non-2xx ${j.non2xx + j.errors}`)})')
echo "dashboard, $CONN connections, $SECS s, --max-semi-space-size=$SEMI, $(nproc) cores"
echo "$figures"
# Lines such as "Scavenge 157.4 (287.7) -> 126.9 (287.7) MB, 22.28 / 0.04 ms ...": the pause is the first number before " / ".
tail -n +"$((from + 1))" "$log" | grep -E ' ms: (Scavenge|Mark-Compact)' |
  sed -E 's/.* ms: (Scavenge|Mark-Compact)[^,]*, ([0-9.]+) \/ .*/\1 \2/' |
  awk -v secs="$SECS" '{ n[$1]++; t[$1] += $2; if ($2 > m[$1]) m[$1] = $2 }
    END { for (k in n) printf "%-12s %4d, %6.0f ms in all (%4.1f %% of the run), longest %5.1f ms\n", k, n[k], t[k], t[k] / (secs * 10), m[k] }'
