package io.cmautopilot.scoring.lexicon;

import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.scoring.engine.SentimentEngine;
import io.cmautopilot.scoring.engine.TextInput;
import io.cmautopilot.scoring.engine.Toxicity;
import io.cmautopilot.scoring.engine.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The embedded engine: no network, English and French. The rules follow VADER (Hutto and Gilbert, ICWSM 2014), with
 * its published constants, applied to each language's lexicon:
 * <ul>
 *   <li>a negation among the three words before a rated word flips it and damps it (x -0.74); French "ne ... pas"
 *   counts once;</li>
 *   <li>a degree adverb among those three words adds or removes 0.293 (less with distance: x1, x0.95, x0.9);</li>
 *   <li>contrast: words before the last "but" / "mais" weigh x0.5, words after it x1.5;</li>
 *   <li>emphasis: an ALL CAPS rated word in a text that is not all caps adds 0.733; each "!" (up to 4) adds 0.292,
 *   and two or more "?" add 0.18 each (up to 0.96), in the direction of the sentiment;</li>
 *   <li>emoji and emoticons are rated tokens like words;</li>
 *   <li>a rated two-word phrase counts as one cue, also when it opens with a negation or degree adverb ("pas bon",
 *   "trop cher"), and then no negation before it flips it again.</li>
 * </ul>
 * The sum becomes VADER's compound score {@code s / sqrt(s^2 + 15)} in -1..1. Toxicity comes from the language's
 * insult list: a profane word alone is PROFANITY (0.75), one aimed at the reader ("you ...", "espèce de ...") is an
 * INSULT (0.95), a threat phrase is VIOLENCE_OR_THREAT (0.97).
 */
public final class LexiconEngine implements SentimentEngine {
    static final double NEGATION_SCALAR = -0.74;
    static final double BOOST = 0.293;
    static final double CAPS_BOOST = 0.733;
    static final double EXCLAMATION = 0.292;
    static final double QUESTION = 0.18;
    static final double ALPHA = 15;
    /** Below this |compound| the text is neutral (VADER's recommended threshold). */
    static final double NEUTRAL_MARGIN = 0.05;
    /** Hybrid confidence: |compound| at or above this, with no opposing cue, is trusted without Comprehend. */
    public static final double CONFIDENT_MARGIN = 0.5;

    /** How far back a "you" / "vous" makes an insult word aimed at the reader ("you are a bunch of idiots"). */
    static final int AIMED_WINDOW = 5;
    private static final Set<String> SECOND_PERSON = Set.of("you", "you're", "youre", "your", "u", "ur", "ya", "tu",
            "t", "te", "toi", "vous", "espece", "bande", "sale", "sales");
    private static final List<String> THREATS = List.of("kill you", "kill u", "kill ya", "hurt you", "shoot you",
            "beat you up", "burn you", "burn down your", "you will die", "you're going to die", "hope you die",
            "die in a fire", "kill yourself", "kys", "gonna kill", "going to kill", "you will pay", "find where you live",
            "te tuer", "vous tuer", "te buter", "vous buter", "te defoncer", "vous defoncer", "te crever", "vous crever",
            "tu vas crever", "vous allez crever", "bruler votre", "bruler ton", "bruler vos",
            "te faire la peau", "vous faire la peau", "casser la gueule", "peter la gueule", "defoncer la gueule",
            "eclater la gueule", "te saigner", "vous saigner", "egorger", "tu vas le payer", "vous allez le payer",
            "vous allez payer", "mettre le feu a", "faire sauter votre", "faire sauter ton");

    /** Praise in a text with a complaint or a sarcasm marker counts against it, at half its strength. */
    static final double SARCASM_SCALAR = -0.5;
    /** The valence of one complaint pattern ("still not arrived", "toujours pas"), up to three counted. */
    static final double COMPLAINT_VALENCE = -1.8;

    private final Map<String, Lexicon> lexicons;
    private final Map<String, Double> emoji;
    private final String defaultLanguage;
    private final Map<String, SentimentModel> models;
    private final Map<String, ToxicityModel> toxicityModels;

    public LexiconEngine(Map<String, Lexicon> lexicons, Map<String, Double> emoji, String defaultLanguage) {
        this(lexicons, emoji, defaultLanguage, Map.of(), Map.of());
    }

    public LexiconEngine(Map<String, Lexicon> lexicons, Map<String, Double> emoji, String defaultLanguage,
                         Map<String, SentimentModel> models, Map<String, ToxicityModel> toxicityModels) {
        this.lexicons = Map.copyOf(lexicons);
        this.emoji = Map.copyOf(emoji);
        this.defaultLanguage = defaultLanguage;
        this.models = Map.copyOf(models);
        this.toxicityModels = Map.copyOf(toxicityModels);
    }

    /**
     * English and French from the bundled resources, with the trained models of {@code /model/} (sentiment in both
     * languages, toxicity in English; functions/scoring/tools/train-models.sh): texts without a language are
     * detected, else English.
     */
    public static LexiconEngine standard() {
        LexiconEngine rules = rulesOnly();
        return rules.withModels(Map.of("en", SentimentModel.load("en"), "fr", SentimentModel.load("fr")),
                Map.of("en", ToxicityModel.load("en")));
    }

    /** The rules alone (VADER's thresholds, the insult lists): the baseline the trained models are measured against. */
    public static LexiconEngine rulesOnly() {
        return new LexiconEngine(Map.of("en", Lexicon.load("en"), "fr", Lexicon.load("fr")), Lexicon.emoji(), "en");
    }

    /** The same rules and resources with these trained models (the training harness swaps them in). */
    public LexiconEngine withModels(Map<String, SentimentModel> sentiment, Map<String, ToxicityModel> toxicity) {
        return new LexiconEngine(lexicons, emoji, defaultLanguage, sentiment, toxicity);
    }

    @Override
    public String name() {
        return "lexicon";
    }

    @Override
    public List<Verdict> score(List<TextInput> inputs) {
        List<Verdict> out = new ArrayList<>(inputs.size());
        for (TextInput in : inputs) {
            out.add(score(in.text(), in.language(), in.languageHint()));
        }
        return out;
    }

    /** The language this engine scores {@code text} in: the given one when it has a lexicon for it, else detected. */
    public String languageOf(String text, String language, String hint) {
        String given = supported(language);
        if (given != null) {
            return given;
        }
        String fallback = supported(hint);
        return LanguageDetector.detect(text, fallback != null ? fallback : defaultLanguage);
    }

    private String supported(String language) {
        if (language == null) {
            return null;
        }
        String base = language.length() > 2 ? language.substring(0, 2) : language;
        return lexicons.containsKey(base) ? base : null;
    }

    public Verdict score(String text, String language) {
        return score(text, language, null);
    }

    public Verdict score(String text, String language, String hint) {
        Analysis a = analyse(text, language, hint);
        SentimentModel model = models.get(a.language());
        Toxicity toxicity = toxicityModels.containsKey(a.language())
                ? toxicityModels.get(a.language()).toxicity(a) : a.toxicity();
        if (model == null) {
            return rulesVerdict(a, toxicity);
        }
        return model.verdict(a, rulesVerdict(a, toxicity), toxicity, name());
    }

    /** The rules' own verdict (VADER's thresholds), used when no trained model exists for the language. */
    Verdict rulesVerdict(Analysis a, Toxicity toxicity) {
        double compound = a.compound();
        Sentiment.Label label;
        if (a.mixedCues() && Math.abs(compound) < CONFIDENT_MARGIN) {
            label = Sentiment.Label.MIXED;
        } else if (compound >= NEUTRAL_MARGIN) {
            label = Sentiment.Label.POSITIVE;
        } else if (compound <= -NEUTRAL_MARGIN) {
            label = Sentiment.Label.NEGATIVE;
        } else {
            label = Sentiment.Label.NEUTRAL;
        }
        double total = a.posSum() - a.negSum() + a.neutralCount();
        double pos = total == 0 ? 0 : a.posSum() / total;
        double neg = total == 0 ? 0 : -a.negSum() / total;
        double neu = total == 0 ? 1 : a.neutralCount() / total;
        Map<String, Double> scores = scores(label, compound, pos, neg, neu);
        boolean confident = a.hits() > 0 && Math.abs(compound) >= CONFIDENT_MARGIN && !a.mixedCues();
        return new Verdict(new Sentiment(label, scores, name(), a.language()), toxicity, confident);
    }

    /** What the rules see in a text: the input of both the rules' verdict and the trained models' features. */
    public Analysis analyse(String text, String language, String hint) {
        String lang = languageOf(text, language, hint);
        Lexicon lex = lexicons.get(lang);
        Lexicon english = lexicons.get("en");
        List<Token> tokens = Tokenizer.tokens(text, "fr".equals(lang),
                chunk -> lex.knows(chunk) || english.knows(chunk) || emoji.containsKey(chunk));
        int n = tokens.size();
        double[] valence = new double[n];
        boolean[] rated = new boolean[n];
        boolean[] negatedAt = new boolean[n];
        boolean anyShouted = false;
        boolean allShouted = true;
        int shoutedWords = 0;
        for (Token t : tokens) {
            if (!t.symbol()) {
                boolean s = t.shouted();
                anyShouted |= s;
                allShouted &= s;
                shoutedWords += s ? 1 : 0;
            }
        }
        boolean capsDiffer = anyShouted && !allShouted;
        int negations = 0;
        int boosters = 0;

        for (int i = 0; i < n; i++) {
            Token t = tokens.get(i);
            Double phrase = phrase(lex, tokens, i);
            Double v = phrase != null ? phrase : rate(lex, english, tokens, i);
            // A negation or degree adverb shapes the next words, unless it opens a rated phrase ("pas bon",
            // "sans défaut", "trop bien"), whose valence already says what it does.
            boolean opensPhrase = phrase != null;
            boolean isNegation = lex.negation(t.folded());
            boolean modifierWord = lex.booster(t.folded()) != 0 || isNegation;
            negations += isNegation ? 1 : 0;
            negatedAt[i] = isNegation;
            boosters += lex.booster(t.folded()) != 0 ? 1 : 0;
            if (v == null || (modifierWord && !opensPhrase)) {
                continue;
            }
            double val = v;
            if (capsDiffer && t.shouted()) {
                val += Math.signum(val) * CAPS_BOOST;
            }
            boolean negated = false;
            for (int back = 1; back <= 3 && i - back >= 0; back++) {
                Token prev = tokens.get(i - back);
                if (prev.endsClause()) {
                    break; // "My order never arrived. Worst service ever": "never" does not reach "worst"
                }
                int boost = lex.booster(prev.folded());
                if (boost != 0 && valence(lex, prev) == null) {
                    double scalar = boost * BOOST * (back == 1 ? 1 : back == 2 ? 0.95 : 0.9);
                    if (capsDiffer && prev.shouted()) {
                        scalar += boost * CAPS_BOOST;
                    }
                    val += Math.signum(val) * scalar;
                }
                // "n'est pas bon": the "ne" of a phrase that is itself negative ("pas bon") is the same negation
                if (lex.negation(prev.folded()) && !(opensPhrase && lex.negation(t.folded()))) {
                    negated = true;
                }
            }
            if (negated) {
                val *= NEGATION_SCALAR;
            }
            valence[i] = val;
            rated[i] = true;
        }

        int contrastAt = -1;
        for (int i = 0; i < n; i++) {
            if (lex.contrast(tokens.get(i).folded())) {
                contrastAt = i;
            }
        }

        String folded = Cues.fold(text);
        List<String> insultWords = insultWordsOfFolded(folded);
        int complaints = Cues.complaints(folded, lang);
        boolean marker = Cues.sarcasmMarker(text, folded);
        int positives = 0;
        for (int i = 0; i < n; i++) {
            positives += rated[i] && valence[i] > 0 ? 1 : 0;
        }
        // Praise next to a service failure or an eye-roll is irony: "Bravo, encore un colis perdu", "Great, another
        // delayed delivery. Thanks a lot." The praise counts against the text, at half its strength.
        boolean sarcasm = positives > 0 && (complaints > 0 || marker);
        if (sarcasm) {
            for (int i = 0; i < n; i++) {
                if (rated[i] && valence[i] > 0 && (contrastAt < 0 || i > contrastAt)) {
                    valence[i] *= SARCASM_SCALAR;
                }
            }
        }
        if (contrastAt >= 0) {
            for (int i = 0; i < n; i++) {
                valence[i] *= i < contrastAt ? 0.5 : i > contrastAt ? 1.5 : 1;
            }
        }

        double sum = 0;
        double posSum = 0;
        double negSum = 0;
        int neutralCount = 0;
        int hits = 0;
        int posHits = 0;
        int negHits = 0;
        for (int i = 0; i < n; i++) {
            if (rated[i] && valence[i] != 0) {
                hits++;
                sum += valence[i];
                if (valence[i] > 0) {
                    posSum += valence[i] + 1;
                    posHits++;
                } else {
                    negSum += valence[i] - 1;
                    negHits++;
                }
            } else if (!modifier(lex, tokens.get(i))) {
                neutralCount++;
            }
        }
        if (complaints > 0) {
            // a complaint in neutral words ("Ma commande n'est toujours pas arrivée") is a negative cue of its own
            double c = COMPLAINT_VALENCE * Math.min(complaints, 3);
            sum += c;
            negSum += c - 1;
            hits++;
            negHits++;
        }
        double emphasis = punctuationEmphasis(text);
        if (sum > 0) {
            sum += emphasis;
        } else if (sum < 0) {
            sum -= emphasis;
        }
        if (posSum > -negSum) {
            posSum += emphasis;
        } else if (posSum < -negSum) {
            negSum -= emphasis;
        }
        double compound = sum / Math.sqrt(sum * sum + ALPHA);
        // A contrast connector says which clause wins, so only texts without one can be MIXED.
        boolean mixedCues = contrastAt < 0 && posSum >= 2 && -negSum >= 2 && !sarcasm;
        return new Analysis(text, lang, tokens, valence, rated, negatedAt, compound, sum, posSum, negSum, hits,
                posHits, negHits, neutralCount, negations, boosters, shoutedWords, contrastAt >= 0, emphasis,
                mixedCues, complaints, sarcasm, marker, insultWords, toxicity(lex, insultWords));
    }

    /** Negations, degree adverbs and connectors shape other words; they are not neutral content themselves. */
    private static boolean modifier(Lexicon lex, Token t) {
        return lex.booster(t.folded()) != 0 || lex.negation(t.folded()) || lex.contrast(t.folded());
    }

    /** The valence of the two-word phrase that starts at token {@code i}, or null. */
    private static Double phrase(Lexicon lex, List<Token> tokens, int i) {
        if (i + 1 >= tokens.size()) {
            return null;
        }
        Token t = tokens.get(i);
        Token next = tokens.get(i + 1);
        return lex.valence(t.lower() + " " + next.lower(), t.folded() + " " + next.folded());
    }

    /** The valence of token {@code i} as a word, emoji or emoticon; null as the second word of a rated phrase. */
    private Double rate(Lexicon lex, Lexicon english, List<Token> tokens, int i) {
        Token t = tokens.get(i);
        if (i > 0) {
            Token prev = tokens.get(i - 1);
            if (lex.valence(prev.lower() + " " + t.lower(), prev.folded() + " " + t.folded()) != null) {
                return null; // already rated as the phrase's first word
            }
        }
        Double v = valence(lex, t);
        if (v == null && t.symbol()) {
            v = emoji.containsKey(t.raw()) ? emoji.get(t.raw()) : english.valence(t.lower(), t.folded());
        }
        return v;
    }

    /**
     * The lexicons list base forms: an unknown word is retried without a plural "s"/"x" (both languages) and, in
     * English, without "-ed"/"-ing"/"-ly" ("problems", "disappointed", "annoyingly").
     */
    private static Double valence(Lexicon lex, Token t) {
        Double v = lex.valence(t.lower(), t.folded());
        String w = t.lower();
        if (v != null || w.length() <= 4 || t.symbol()) {
            return v;
        }
        List<String> stems = new ArrayList<>();
        if (w.endsWith("s") || (w.endsWith("x") && "fr".equals(lex.language()))) {
            stems.add(w.substring(0, w.length() - 1));
        }
        if ("en".equals(lex.language())) {
            if (w.endsWith("es")) {
                stems.add(w.substring(0, w.length() - 2));
            }
            if (w.endsWith("ed")) {
                stems.add(w.substring(0, w.length() - 1));
                stems.add(w.substring(0, w.length() - 2));
            }
            if (w.endsWith("ing")) {
                stems.add(w.substring(0, w.length() - 3));
                stems.add(w.substring(0, w.length() - 3) + "e");
            }
            if (w.endsWith("ly")) {
                stems.add(w.substring(0, w.length() - 2));
            }
        }
        for (String stem : stems) {
            v = lex.valence(stem, Text.fold(stem));
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    static double punctuationEmphasis(String text) {
        long bangs = text.chars().filter(c -> c == '!').count();
        long questions = text.chars().filter(c -> c == '?').count();
        double e = Math.min(bangs, 4) * EXCLAMATION;
        if (questions > 1) {
            e += Math.min(questions * QUESTION, 0.96);
        }
        return e;
    }

    /**
     * Comprehend-shaped scores (positive, negative, neutral, mixed; summing to 1): VADER's proportions, sharpened by
     * the compound's strength so that the decided label carries the largest score.
     */
    static Map<String, Double> scores(Sentiment.Label label, double compound, double pos, double neg, double neu) {
        double p = pos * (1 + Math.max(compound, 0));
        double n = neg * (1 + Math.max(-compound, 0));
        double u = neu * (1 - Math.abs(compound));
        double m = label == Sentiment.Label.MIXED ? 2 * Math.min(pos, neg) + Math.max(p, Math.max(n, u)) : 2 * Math.min(pos, neg) * 0.25;
        if (label == Sentiment.Label.POSITIVE && p <= Math.max(n, Math.max(u, m))) {
            p = Math.max(n, Math.max(u, m)) + Math.abs(compound);
        } else if (label == Sentiment.Label.NEGATIVE && n <= Math.max(p, Math.max(u, m))) {
            n = Math.max(p, Math.max(u, m)) + Math.abs(compound);
        } else if (label == Sentiment.Label.NEUTRAL && u <= Math.max(p, Math.max(n, m))) {
            u = Math.max(p, Math.max(n, m)) + 0.01;
        }
        double total = p + n + u + m;
        return Map.of("positive", round(p / total), "negative", round(n / total), "neutral", round(u / total),
                "mixed", round(m / total));
    }

    private static double round(double x) {
        return Math.round(x * 10_000) / 10_000.0;
    }

    /**
     * The insult lists' verdict. Words are read as {@link #insultWords} spells them back (leet digits and symbols,
     * spaced or dotted letters, stretched letters undone) and looked up with their plural and inflected endings
     * ("connards", "enculés", "idiots"), so "Vous êtes des connards", "c0nnard" and "c o n n a r d" all count.
     */
    static Toxicity toxicity(Lexicon lex, List<String> words) {
        Set<String> labels = new LinkedHashSet<>();
        double score = 0;
        int profane = 0;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            boolean twoWords = i + 1 < words.size() && lex.insult(w + " " + words.get(i + 1));
            boolean profanity = twoWords || insult(lex, w, false);
            boolean aimed = false;
            for (int back = 1; back <= AIMED_WINDOW && i - back >= 0; back++) {
                aimed |= SECOND_PERSON.contains(words.get(i - back));
            }
            if (profanity) {
                profane++;
                labels.add("PROFANITY");
                score = Math.max(score, 0.75);
            }
            if (aimed && (profanity || insult(lex, w, true))) {
                labels.add("INSULT");
                score = Math.max(score, 0.95);
            }
        }
        if (profane > 1) {
            score = Math.max(score, Math.min(0.89, 0.75 + 0.05 * profane));
        }
        StringBuilder joined = new StringBuilder(" ");
        words.forEach(w -> joined.append(w).append(' '));
        for (String threat : THREATS) {
            if (joined.indexOf(" " + threat + " ") >= 0) {
                labels.add("VIOLENCE_OR_THREAT");
                score = Math.max(score, 0.97);
            }
        }
        return labels.isEmpty() ? Toxicity.NONE : new Toxicity(score, List.copyOf(labels));
    }

    /** Whether {@code w} is in the list (or, with {@code directed}, the aimed-only list), as written or inflected. */
    static boolean insult(Lexicon lex, String w, boolean directed) {
        boolean masked = !directed && w.indexOf('*') > 0;
        for (String form : forms(w, lex.language())) {
            if (directed ? lex.directedInsult(form) : lex.insult(form) || (masked && lex.maskedInsult(form))) {
                return true;
            }
        }
        return false;
    }

    /** The word and the base forms its plural, feminine or verbal endings may hide. */
    static List<String> forms(String w, String language) {
        List<String> out = new ArrayList<>(6);
        out.add(w);
        if (w.length() <= 3) {
            return out;
        }
        String singular = w.endsWith("s") || w.endsWith("x") ? w.substring(0, w.length() - 1) : w;
        if (singular != w) {
            out.add(singular);
        }
        if ("fr".equals(language)) {
            if (singular.endsWith("e")) {
                out.add(singular.substring(0, singular.length() - 1)); // enculée(s) -> enculé, connarde -> connard
            }
            if (singular.endsWith("esse")) {
                out.add(singular.substring(0, singular.length() - 4) + "e"); // not common, but "pouffiasse" stays
            }
        } else {
            if (w.endsWith("es")) {
                out.add(w.substring(0, w.length() - 2));
            }
            if (w.endsWith("ing")) {
                out.add(w.substring(0, w.length() - 3));
            }
            if (w.endsWith("ed") || w.endsWith("er")) {
                out.add(w.substring(0, w.length() - 2));
            }
        }
        return out;
    }

    /**
     * The words as an insult filter must read them: folded, leet digits and symbols spelled back ("c0nnard",
     * "f@ck", "$hit"), letters stretched to three or more cut to two ("connnnnard"), dots, hyphens and underscores
     * inside a word dropped ("c.o.n.n.a.r.d"), and runs of three or more single letters joined ("c o n n a r d").
     * A "*" inside a word is kept, as a masked letter ("f*ck").
     */
    private static final java.util.regex.Pattern CHUNKS =
            java.util.regex.Pattern.compile("[\\s,;:?()\"«»…/]+|[!.]+(?!\\p{L})");

    static List<String> insultWords(String raw) {
        return insultWordsOfFolded(Cues.fold(raw));
    }

    static List<String> insultWordsOfFolded(String folded) {
        List<String> out = new ArrayList<>();
        List<String> singles = new ArrayList<>();
        for (String chunk : CHUNKS.split(folded)) {
            String w = deLeet(chunk);
            int apostrophe = w.indexOf('\'');
            if (apostrophe > 0 && apostrophe <= 2) {
                // French elision: "t'es", "d'enculés", "l'abruti": the pronoun or article, then the word
                flushSingles(singles, out);
                out.add(w.substring(0, apostrophe));
                w = w.substring(apostrophe + 1);
            }
            if (w.length() == 1 && Character.isLetter(w.charAt(0))) {
                singles.add(w);
                continue;
            }
            flushSingles(singles, out);
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        flushSingles(singles, out);
        return out;
    }

    private static void flushSingles(List<String> singles, List<String> out) {
        if (singles.size() >= 3) {
            out.add(String.join("", singles));
        } else {
            out.addAll(singles);
        }
        singles.clear();
    }

    private static String deLeet(String chunk) {
        StringBuilder b = new StringBuilder(chunk.length());
        boolean letters = false;
        for (int i = 0; i < chunk.length(); i++) {
            letters |= Character.isLetter(chunk.charAt(i));
        }
        char last = 0;
        int run = 0;
        for (int i = 0; i < chunk.length(); i++) {
            char c = chunk.charAt(i);
            boolean letterNext = i + 1 < chunk.length() && Character.isLetter(chunk.charAt(i + 1));
            char m = !letters ? c : switch (c) {
                case '0' -> 'o';
                case '1' -> 'i';
                case '!', '|' -> letterNext ? 'i' : c;
                case '3' -> 'e';
                case '4', '@' -> 'a';
                case '5', '$' -> 's';
                case '7' -> 't';
                default -> c;
            };
            if (Character.isLetterOrDigit(m) || m == '\'' || (m == '*' && b.length() > 0)) {
                run = m == last ? run + 1 : 1;
                last = m;
                if (run <= 2) {
                    b.append(m);
                }
            }
        }
        // trailing masks and apostrophes are punctuation, not letters
        int end = b.length();
        while (end > 0 && (b.charAt(end - 1) == '*' || b.charAt(end - 1) == '\'')) {
            end--;
        }
        return b.substring(0, end);
    }
}
