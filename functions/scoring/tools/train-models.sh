#!/usr/bin/env bash
# Retrains the models of functions/scoring/src/main/resources/model/ (docs/SCORING.md, "Trained models"). Run from the
# repository root: functions/scoring/tools/train-models.sh [data folder, default ../shared/data]
# Reads only the training files (sentiment/umsab-{en,fr}-train.tsv, toxicity/tweeteval-offensive-en-train.tsv; their
# README says where they come from and that they are never committed); validation and test files are not read.
# Deterministic: a fixed seed, a fixed number of epochs, one thread; the same data gives the same model files.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
data="${1:-$root/../shared/data}"
export JAVA_HOME="${JAVA_HOME:-$("$root/cm" java-home)}"
for f in sentiment/umsab-en-train.tsv sentiment/umsab-fr-train.tsv toxicity/tweeteval-offensive-en-train.tsv; do
  [ -f "$data/$f" ] || { echo "train-models.sh: $data/$f not found (give the data folder as the first argument)" >&2; exit 1; }
done
cd "$root"
# offline first (-o); once without it if a plugin is not in the local repository yet
build=(mvn -B -q -ntp -pl functions/scoring -am test-compile dependency:build-classpath
  -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test)
"${build[@]}" -o >/dev/null 2>&1 || "${build[@]}" >/dev/null
cp="functions/scoring/target/test-classes:functions/scoring/target/classes:functions/core/target/classes:$(cat functions/scoring/target/test-cp.txt)"
"$JAVA_HOME/bin/java" -XX:ActiveProcessorCount=1 -cp "$cp" io.cmautopilot.scoring.lexicon.Trainer "$data" \
  functions/scoring/src/main/resources/model
ls -l functions/scoring/src/main/resources/model
