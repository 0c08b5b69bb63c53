package io.cmautopilot.scoring.lexicon;

import java.util.Arrays;
import java.util.List;

/**
 * The trained models' input (docs/SCORING.md, "Trained models"): a sparse vector of hashed features read from one
 * {@link Analysis}.
 * <ul>
 *   <li>dense cues from the rules: VADER's compound (raw and in ten bins), the positive and negative sums and counts,
 *   negations, degree adverbs, contrast, "!" and "?" emphasis, shouted words, complaint and sarcasm cues, emoji,
 *   length, links and mentions, and the insult lists' findings;</li>
 *   <li>word unigrams (folded; a word in the scope of a negation, up to the end of its clause, is a different
 *   feature: "not good" gives "n:good") and bigrams;</li>
 *   <li>character n-grams of each word with its boundaries ({@code <word>}), so inflections, elongations and
 *   misspellings share weights.</li>
 * </ul>
 * Each feature name is hashed (FNV-1a, 32 bits) into {@code 2^bits} buckets; words, bigrams and character n-grams
 * are each scaled to unit length so a long text does not outweigh a short one.
 */
public final class Features {
    /** What to extract; stored in the model file, so training and inference always agree. */
    public record Config(int bits, boolean bigrams, int charMin, int charMax, boolean textChars) {
        public Config(int bits, boolean bigrams, int charMin, int charMax) {
            this(bits, bigrams, charMin, charMax, false);
        }

        public Config {
            if (bits < 10 || bits > 24 || charMin < 0 || charMax < charMin) {
                throw new IllegalArgumentException("bad feature config " + bits + "/" + charMin + "-" + charMax);
            }
        }
    }

    /** A sparse vector: bucket indices and values, in insertion order (a bucket may repeat; weights add up). */
    public static final class Vector {
        int[] index = new int[64];
        float[] value = new float[64];
        int size;

        void add(int bucket, float v) {
            if (size == index.length) {
                index = Arrays.copyOf(index, size * 2);
                value = Arrays.copyOf(value, size * 2);
            }
            index[size] = bucket;
            value[size] = v;
            size++;
        }

        void scale(int from, int to, float factor) {
            for (int i = from; i < to; i++) {
                value[i] *= factor;
            }
        }

        public int size() {
            return size;
        }
    }

    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private Features() {
    }

    public static Vector extract(Analysis a, Config config) {
        Vector v = new Vector();
        int mask = (1 << config.bits()) - 1;
        dense(a, v, mask);
        List<Token> tokens = a.tokens();
        int n = tokens.size();

        // unigrams, with negation scope
        int start = v.size;
        boolean inNegation = false;
        for (int i = 0; i < n; i++) {
            Token t = tokens.get(i);
            String w = t.symbol() ? t.raw() : t.folded();
            int h = hash(hash(FNV_OFFSET, inNegation ? "n:" : "w:"), w);
            v.add(h & mask, 1);
            if (a.negationWord()[i]) {
                inNegation = true;
            }
            if (t.endsClause()) {
                inNegation = false;
            }
        }
        normalise(v, start);

        if (config.bigrams() && n > 1) {
            start = v.size;
            for (int i = 0; i + 1 < n; i++) {
                int h = hash(FNV_OFFSET, "b:");
                h = hash(h, key(tokens.get(i)));
                h = hash(h, " ");
                h = hash(h, key(tokens.get(i + 1)));
                v.add(h & mask, 1);
            }
            normalise(v, start);
        }

        // the words as the insult filter reads them back ("c0nnard", "f*ck", "c o n n a r d")
        start = v.size;
        for (String w : a.insultWords()) {
            v.add(hash(hash(FNV_OFFSET, "i:"), w) & mask, 1);
        }
        normalise(v, start);

        if (config.charMax() > 0 && config.textChars()) {
            // character n-grams of the whole lower-cased text, spaces and punctuation included ("f***", "!!!", "@user")
            start = v.size;
            String text = a.text().toLowerCase(java.util.Locale.ROOT);
            int len = text.length();
            for (int from = 0; from < len; from++) {
                int h = hash(FNV_OFFSET, "t:");
                for (int k = 1; k <= config.charMax() && from + k <= len; k++) {
                    h = (h ^ text.charAt(from + k - 1)) * FNV_PRIME;
                    if (k >= config.charMin()) {
                        v.add(h & mask, 1);
                    }
                }
            }
            normalise(v, start);
        } else if (config.charMax() > 0) {
            start = v.size;
            StringBuilder b = new StringBuilder(24);
            for (Token t : tokens) {
                if (t.symbol() || t.folded().length() < 2) {
                    continue;
                }
                b.setLength(0);
                b.append('<').append(t.folded()).append('>');
                int len = b.length();
                for (int from = 0; from < len; from++) {
                    int h = hash(FNV_OFFSET, "c:");
                    for (int k = 1; k <= config.charMax() && from + k <= len; k++) {
                        h = (h ^ b.charAt(from + k - 1)) * FNV_PRIME;
                        if (k >= config.charMin() && k < len) {
                            v.add(h & mask, 1);
                        }
                    }
                }
            }
            normalise(v, start);
        }
        return v;
    }

    private static String key(Token t) {
        return t.symbol() ? t.raw() : t.folded();
    }

    private static void dense(Analysis a, Vector v, int mask) {
        double c = a.compound();
        put(v, mask, "d:bias", 1);
        put(v, mask, "d:compound", c);
        put(v, mask, "d:cbin" + (int) Math.floor((c + 1) * 5 - 1e-9), 1);
        put(v, mask, "d:pos", Math.log1p(a.posSum()));
        put(v, mask, "d:neg", Math.log1p(-a.negSum()));
        put(v, mask, "d:nohits", a.hits() == 0 ? 1 : 0);
        put(v, mask, "d:posHits", Math.min(a.posHits(), 4) / 4.0);
        put(v, mask, "d:negHits", Math.min(a.negHits(), 4) / 4.0);
        put(v, mask, "d:negations", Math.min(a.negations(), 3) / 3.0);
        put(v, mask, "d:boosters", Math.min(a.boosters(), 3) / 3.0);
        put(v, mask, "d:contrast", a.contrast() ? 1 : 0);
        put(v, mask, "d:emphasis", a.emphasis());
        put(v, mask, "d:question", a.text().indexOf('?') >= 0 ? 1 : 0);
        put(v, mask, "d:shouted", Math.min(a.shoutedWords(), 3) / 3.0);
        put(v, mask, "d:complaints", Math.min(a.complaints(), 3) / 3.0);
        put(v, mask, "d:sarcasm", a.sarcasm() ? 1 : 0);
        put(v, mask, "d:sarcasmMarker", a.sarcasmMarker() ? 1 : 0);
        put(v, mask, "d:mixed", a.mixedCues() ? 1 : 0);
        put(v, mask, "d:len", Math.min(a.text().length(), 280) / 140.0);
        put(v, mask, "d:link", a.text().contains("http") ? 1 : 0);
        put(v, mask, "d:mention", a.text().contains("@") ? 1 : 0);
        int emojiPos = 0;
        int emojiNeg = 0;
        for (int i = 0; i < a.tokens().size(); i++) {
            if (a.tokens().get(i).symbol() && a.rated()[i]) {
                if (a.valence()[i] > 0) {
                    emojiPos++;
                } else if (a.valence()[i] < 0) {
                    emojiNeg++;
                }
            }
        }
        put(v, mask, "d:emojiPos", Math.min(emojiPos, 3) / 3.0);
        put(v, mask, "d:emojiNeg", Math.min(emojiNeg, 3) / 3.0);
        List<String> labels = a.toxicity().labels();
        put(v, mask, "t:score", a.toxicity().score());
        put(v, mask, "t:profanity", labels.contains("PROFANITY") ? 1 : 0);
        put(v, mask, "t:insult", labels.contains("INSULT") ? 1 : 0);
        put(v, mask, "t:threat", labels.contains("VIOLENCE_OR_THREAT") ? 1 : 0);
    }

    private static void put(Vector v, int mask, String name, double value) {
        if (value != 0) {
            v.add(hash(FNV_OFFSET, name) & mask, (float) value);
        }
    }

    private static void normalise(Vector v, int from) {
        int count = v.size - from;
        if (count > 0) {
            v.scale(from, v.size, (float) (1 / Math.sqrt(count)));
        }
    }

    static int hash(int h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return h;
    }
}
