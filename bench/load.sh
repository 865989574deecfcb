#!/usr/bin/env bash
# Every figure of issue 10's table in one run (see collab-bench/README.md, "Broker-scale load"):
# starts `java @collab-app/jvm.options -jar collab-app/target/collab-app.jar` on a fresh data folder,
# builds a tenant over REST, invites delegates with 8 parallel clients, measures the overview, an
# admin change, the access check against /openapi.json, the cold start and the peak RSS.
# Usage: bench/load.sh [delegates, default 5000]   (more settings: -Dcollab.load.* in JAVA_OPTS)
# Build first: mvn -B -q -DskipTests package && mvn -B -q -Pbench -pl collab-bench -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
jar=collab-app/target/collab-app.jar
bench=collab-bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
[ -f "$bench" ] || { echo "build first: mvn -B -q -Pbench -pl collab-bench -am package -DskipTests" >&2; exit 1; }
# shellcheck disable=SC2086
# 3,000 invites in a tenant of their own first: the measured tenant's invites meet the JIT warm, as
# in a container that has run for a while; the table gives the warm-up's cold rate next to them
# (-Dcollab.load.warmup=0 in JAVA_OPTS measures from the cold start instead)
exec java -Dcollab.load.warmup=3000 ${JAVA_OPTS:-} -cp "$bench" dev.collab.load.BrokerLoad "$jar" "$@"
