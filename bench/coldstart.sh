#!/usr/bin/env bash
# Cold start of every function next to a stock SAM-tutorial handler (docs/PERFORMANCE.md, "Cold start").
#   bench/coldstart.sh [rounds] [variants]      e.g. bench/coldstart.sh 15   or   bench/coldstart.sh 9 Baseline,ApiFunction
# Builds the function jars and the bench modules (profile "bench", never part of the default build), then runs the
# interleaved rounds and prints the medians. BENCH_CLASSES=true also counts the classes each variant loads;
# BENCH_VARIANTS=label=jar[@Function[@Handler[@JAVA_TOOL_OPTIONS]]],... adds variants (one lever at a time);
# BENCH_OPTS passes other -Dbench.* settings (-Dbench.before=<folder of older jars>, -Dbench.snapstart=true).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JAVA_HOME="$(./cm java-home)"; export JAVA_HOME
if [[ "${BENCH_SKIP_BUILD:-}" != true ]]; then
  mvn -B -q -ntp -o -Pbench -DskipTests package
fi
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_OPTS:-} \
  -Dbench.classes="${BENCH_CLASSES:-false}" -Dbench.variants="${BENCH_VARIANTS:-}" \
  -cp "bench/coldstart/target/classes:$(cat bench/coldstart/target/classpath.txt)" \
  io.cmautopilot.bench.LambdaColdStart "${1:-11}" ${2:+"$2"}
