#!/usr/bin/env bash
# Measures the container's cold start (process start to the first 200 from /health) and its
# resident memory after a short walk over the API, on a fresh data folder.
# Usage: bench/startup.sh [runs]   (build first: mvn -B -q -DskipTests package)
# The JVM flags are the README's run command's: collab-app/jvm.options.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
jar=collab-app/target/collab-app.jar
[ -f "$jar" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://localhost:$port/collab/api/v1
for i in $(seq 1 "$runs"); do
  data=$(mktemp -d)
  start=$(date +%s%N)
  COLLAB_HTTP_PORT=$port COLLAB_DATA_DIR=$data COLLAB_SUPPORT_PASSWORD=bench-support-password \
    java @collab-app/jvm.options -jar "$jar" >"$data/container.log" 2>&1 </dev/null &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health")" = 200 ]; do sleep 0.05; done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  # CPU time the process used until then (user + system, clock ticks): steadier than the wall time on a shared machine
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' /proc/$pid/stat)
  auth=(-u support:bench-support-password -H 'Content-Type: application/json')
  curl -s -o /dev/null "${auth[@]}" -X PUT "$base/tenants/bench" -d '{"name":"Bench"}'
  for _ in $(seq 1 200); do curl -s -o /dev/null "${auth[@]}" "$base/tenants/bench"; done
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  echo "run $i: first 200 after ${ready} ms (CPU ${cpu} ms); RSS after 200 requests ${rss} kB"
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$data"
done
