package io.cmautopilot.scoring.flags;

import io.cmautopilot.core.brand.BrandSettings;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.scoring.engine.Verdict;
import io.cmautopilot.scoring.lexicon.Text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a verdict into the moderation flags a community manager acts on (docs/SCORING.md):
 * <ul>
 *   <li>{@code NEGATIVE}: label NEGATIVE with a negative score of at least {@link #NEGATIVE_MIN}; MEDIUM from
 *   {@link #NEGATIVE_MEDIUM}, else LOW (a single unhappy comment is never paged: crises are the detector's job);</li>
 *   <li>{@code TOXIC}: toxicity of at least 0.5, with the engine's labels; HIGH from 0.9, MEDIUM from 0.7;</li>
 *   <li>{@code NEEDS_REPLY}: a question or a complaint, in English or French; MEDIUM for complaints (refund, order,
 *   still waiting...), LOW for plain questions;</li>
 *   <li>{@code WATCHLIST}: the brand's own terms (MEDIUM) and built-in crisis words (HIGH), matched as whole words
 *   without regard to case or accents.</li>
 * </ul>
 */
public final class Flagger {
    public static final double NEGATIVE_MIN = 0.6;
    public static final double NEGATIVE_MEDIUM = 0.85;
    public static final double TOXIC_MIN = 0.5;
    public static final double TOXIC_MEDIUM = 0.7;
    public static final double TOXIC_HIGH = 0.9;

    /** Words that signal a health, legal or security crisis whatever the brand; folded (no accents). */
    static final List<String> CRISIS_TERMS = List.of("intoxication", "food poisoning", "poisoned", "empoisonnement",
            "empoisonne", "intoxique", "intoxiques", "salmonella", "salmonelle", "listeria", "e coli",
            "allergic reaction", "reaction allergique", "choc anaphylactique", "anaphylactic", "hospitalized",
            "hospitalised", "hospitalise", "urgences", "lawsuit", "class action", "action collective", "product recall",
            "rappel produit", "rappel conso", "data breach", "fuite de donnees", "donnees piratees", "boycott",
            "scandale sanitaire");

    private static final Pattern INTERROGATIVE = Pattern.compile(
            "(^|[^\\p{L}])(how (do|can|long|much|many)|why|when (will|is|are|do|does|can)|where (is|are|can|do)|"
            + "what (is|are|happened|about)|who (is|can)|can (you|i|someone)|could (you|someone)|do you|does (it|this)|"
            + "is (it|there|this)|are (you|there)|will (you|it|there)|any (update|news|answer)|"
            + "comment (faire|puis|on|je|est|ca|ça)|pourquoi|quand (est|allez|vais|sera|va|pourrai)|où|ou est|"
            + "qui (peut|est)|quel(le)?s? (est|sont)|est-ce que|est ce que|pouvez-vous|pouvez vous|avez-vous|"
            + "avez vous|combien|savez-vous|c'est quand|y a-t-il)([^\\p{L}]|$)", Pattern.CASE_INSENSITIVE);
    private static final Pattern COMPLAINT = Pattern.compile(
            "(^|[^\\p{L}])(refund|refunded|money back|reimburse|chargeback|still waiting|still no|no (answer|reply|"
            + "response)|never (arrived|received|got)|not (arrived|received|working)|doesn'?t work|does not work|"
            + "broken|damaged|cancel my|my order|order number|tracking|customer service|contact (me|us)|dm me|"
            + "help me|please help|remboursement|remboursez|rembourser|rembourse|toujours pas|toujours rien|"
            + "j'attends|j attends|sans (nouvelles|reponse|réponse)|pas de (reponse|réponse|nouvelles)|"
            + "jamais (recu|reçu|arrive|arrivé|arrivée)|ne (marche|fonctionne) (pas|plus)|marche pas|fonctionne pas|"
            + "cass[ée]e?|abîm[ée]e?|abim[ée]e?|annuler ma|ma commande|numero de commande|numéro de commande|suivi|"
            + "service client|contactez[- ]moi|mp moi|aidez[- ]moi)([^\\p{L}]|$)", Pattern.CASE_INSENSITIVE);

    public List<Flag> flags(Comment comment, Verdict verdict, BrandSettings settings) {
        List<Flag> out = new ArrayList<>();
        Sentiment s = verdict.sentiment();
        double negative = s.scores().getOrDefault("negative", 0.0);
        if (s.label() == Sentiment.Label.NEGATIVE && negative >= NEGATIVE_MIN) {
            out.add(new Flag(Flag.Type.NEGATIVE, negative >= NEGATIVE_MEDIUM ? Flag.Severity.MEDIUM : Flag.Severity.LOW,
                    List.of()));
        }
        double toxicity = verdict.toxicity().score();
        if (toxicity >= TOXIC_MIN) {
            Flag.Severity severity = toxicity >= TOXIC_HIGH ? Flag.Severity.HIGH
                    : toxicity >= TOXIC_MEDIUM ? Flag.Severity.MEDIUM : Flag.Severity.LOW;
            List<String> labels = verdict.toxicity().labels().isEmpty() ? List.of("TOXICITY") : verdict.toxicity().labels();
            out.add(new Flag(Flag.Type.TOXIC, severity, labels));
        }
        needsReply(comment, s).ifPresent(out::add);
        watchlist(comment.text(), settings.watchlist()).ifPresent(out::add);
        return out;
    }

    static java.util.Optional<Flag> needsReply(Comment comment, Sentiment s) {
        String text = comment.text();
        Set<String> cues = new LinkedHashSet<>();
        if (text.indexOf('?') >= 0 || INTERROGATIVE.matcher(text).find()) {
            cues.add("QUESTION");
        }
        if (COMPLAINT.matcher(text).find()) {
            cues.add("COMPLAINT");
        }
        if (comment.kind() == Comment.Kind.MENTION
                && (!cues.isEmpty() || s.label() == Sentiment.Label.NEGATIVE)) {
            cues.add("MENTION");
        }
        if (cues.isEmpty()) {
            return java.util.Optional.empty();
        }
        Flag.Severity severity = cues.contains("COMPLAINT") ? Flag.Severity.MEDIUM : Flag.Severity.LOW;
        return java.util.Optional.of(new Flag(Flag.Type.NEEDS_REPLY, severity, List.copyOf(cues)));
    }

    static java.util.Optional<Flag> watchlist(String text, List<String> brandTerms) {
        String folded = " " + Text.fold(text).replaceAll("[^\\p{L}\\p{N}]+", " ") + " ";
        Set<String> matched = new LinkedHashSet<>();
        boolean crisis = false;
        for (String term : CRISIS_TERMS) {
            if (folded.contains(" " + term + " ")) {
                matched.add(term);
                crisis = true;
            }
        }
        for (String term : brandTerms) {
            String t = Text.fold(term).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
            if (!t.isEmpty() && folded.contains(" " + t + " ")) {
                matched.add(term);
            }
        }
        if (matched.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Flag(Flag.Type.WATCHLIST, crisis ? Flag.Severity.HIGH : Flag.Severity.MEDIUM,
                List.copyOf(matched)));
    }
}
