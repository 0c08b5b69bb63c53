#!/usr/bin/env bash
# The VADER baseline of docs/PERFORMANCE.md: the reference implementation's JavaScript port (npm vader-sentiment
# 1.1.3, Apache-2.0, the same lexicon the rules use) on labelled TSV files (LABEL<TAB>text, NEGATIVE/NEUTRAL/POSITIVE),
# with VADER's recommended thresholds (compound >= 0.05 POSITIVE, <= -0.05 NEGATIVE, else NEUTRAL).
# Usage, from the repository root: functions/scoring/tools/vader-baseline.sh FILE.tsv ...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && tar xzf "$(npm pack --silent vader-sentiment@1.1.3 | tail -1)")
node "$here/vader-baseline.cjs" "$work/package/build/vaderSentiment.bundle.js" "$@"
