// See vader-baseline.sh. Prints, per file: texts, macro-F1 over the three classes, and F1 per class.
const fs = require('fs');
const [bundle, ...files] = process.argv.slice(2);
const vader = require(bundle);
const labels = ['NEGATIVE', 'NEUTRAL', 'POSITIVE'];
for (const file of files) {
  const rows = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('\t') && !l.startsWith('#'))
    .map((l) => [l.slice(0, l.indexOf('\t')), l.slice(l.indexOf('\t') + 1)]);
  const count = Object.fromEntries(labels.map((l) => [l, { tp: 0, fp: 0, fn: 0 }]));
  for (const [gold, text] of rows) {
    if (!labels.includes(gold)) throw new Error(`${file}: unknown label ${gold}`);
    const c = vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
    const p = c >= 0.05 ? 'POSITIVE' : c <= -0.05 ? 'NEGATIVE' : 'NEUTRAL';
    if (p === gold) count[p].tp++; else { count[p].fp++; count[gold].fn++; }
  }
  const f1 = labels.map((l) => { const { tp, fp, fn } = count[l]; return tp ? 2 * tp / (2 * tp + fp + fn) : 0; });
  const macro = f1.reduce((a, b) => a + b, 0) / 3;
  console.log(`${file.split('/').pop()}: ${rows.length} texts, macro-F1 ${macro.toFixed(3)}; F1 ` +
    labels.map((l, i) => `${l} ${f1[i].toFixed(3)}`).join(', '));
}
