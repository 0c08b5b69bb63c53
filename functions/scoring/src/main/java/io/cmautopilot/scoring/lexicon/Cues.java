package io.cmautopilot.scoring.lexicon;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Customer-service language that carries no rated word, and sarcasm markers (docs/SCORING.md, "Complaints and
 * sarcasm"). Patterns are matched on the folded text (lower case, no accents, apostrophes normalised), so "n'est
 * toujours pas arrivée" and "nest toujours pas arrivee" read the same.
 * <ul>
 *   <li>a <b>complaint</b> is a service failure said in neutral words: "still not", "hasn't arrived", "I want a
 *   refund", "no answer", "delayed delivery", "toujours pas", "aucune réponse", "colis perdu", "j'attends depuis";</li>
 *   <li>a <b>sarcasm marker</b> is 🙄, 🙃, 😒, "yeah right", "thanks for nothing", "merci pour rien", or "another" /
 *   "encore un" before a service noun ("encore un colis", "another delayed delivery"). Positive words in a text with a
 *   complaint or a sarcasm marker ("Bravo, encore un colis perdu", "Great, another delayed delivery. Thanks a lot.")
 *   are read as irony.</li>
 * </ul>
 */
public final class Cues {
    private static final String SERVICE_EN = "(?:deliver(?:y|ies)|parcels?|packages?|orders?|items?|shipments?|flights?"
            + "|luggage|bags?|trains?|refunds?|products?|replacements?|tickets?|bookings?|reservations?|payments?)";
    private static final String SERVICE_FR = "(?:colis|commandes?|livraisons?|paquets?|valises?|bagages?|vols?|trains?"
            + "|remboursements?|produits?|articles?|billets?|reservations?|paiements?|bus|rer|metro)";
    private static final String FAILED_EN = "(?:delayed|late|lost|missing|damaged|broken|cancell?ed|wrong|stuck)";
    private static final String FAILED_FR = "(?:perdus?|perdues?|egare(?:e|s|es)?|en retard|retardes?|retardee?s?"
            + "|annule(?:e|s|es)?|abime(?:e|s|es)?|casse(?:e|s|es)?|bloque(?:e|s|es)?|endommage(?:e|s|es)?)";

    private static final Pattern COMPLAINT_EN = Pattern.compile("(?:"
            + "still (?:not|no|nothing|waiting|haven'?t|hasn'?t|didn'?t|don'?t|doesn'?t|isn'?t|can'?t|unable)"
            + "|(?:has|have|had|did|does|do|is|was|were|are)(?:n'?t| not) (?:yet )?(?:arrived?|come|came|shipped"
            + "|been (?:delivered|shipped|refunded|answered)|received?|got|gotten|work(?:ed|ing)?|answered|replied"
            + "|respond(?:ed)?|refunded|delivered|showed up|turned up)"
            + "|never (?:arrived|came|received|got|showed|delivered|answered|replied|responded|refunded)"
            + "|(?:want|need|demand|asking for|request(?:ed)?|waiting for|where(?: is|'s)) (?:a |my |the )?"
            + "(?:refund|money back)"
            + "|refund me|give me my money|chargeback"
            + "|(?:no|zero|without|any) (?:answer|reply|response|update|news)(?: yet| from)?"
            + "|(?:been|still|keep|kept|am|i'?m) waiting|waited (?:for )?(?:\\d+|hours|days|weeks|months|ages)"
            + "|on hold for|where(?: is|'s) my " + SERVICE_EN
            + "|" + FAILED_EN + " (?:again )?" + SERVICE_EN
            + "|" + SERVICE_EN + " (?:is |was |has been |got |were |are )?(?:still )?(?:delayed|lost|missing|damaged"
            + "|cancell?ed|late again|never came|stuck)"
            + ")(?![a-z])");
    private static final Pattern COMPLAINT_FR = Pattern.compile("(?:"
            + "toujours (?:pas|rien|aucun|aucune|en attente|sans|pas de)"
            + "|(?:aucune?|pas de|sans|zero) (?:reponse|nouvelles?|retour|suivi|remboursement|solution)"
            + "|(?:jamais|pas|pas encore|toujours pas) (?:ete )?(?:recue?s?|arrivee?s?|livree?s?|remboursee?s?|expediee?s?"
            + "|venue?s?|repondu)"
            + "|remboursez[- ]moi|(?:veux|voudrais|exige|demande|reclame|attends|attend)(?: (?:a |d'?)?(?:etre|un|le|mon))?"
            + " rembourse(?:ment|e|es|r)?"
            + "|j'?attends|j attends|en attente depuis|attends? depuis|attendu (?:\\d+|des heures|des jours|des semaines)"
            + "|ou (?:est|sont) (?:ma|mon|mes) " + SERVICE_FR
            + "|" + SERVICE_FR + " (?:est |a ete |sont |encore |toujours )?" + FAILED_FR
            + "|" + FAILED_FR + " (?:mon|ma|mes|le|la|les|du|de la|des) " + SERVICE_FR
            + "|ne (?:marche|fonctionne|repond) (?:pas|plus|jamais)|marche pas|fonctionne pas"
            + ")(?![a-z])");
    private static final Pattern SARCASM = Pattern.compile("(?:yeah right|thanks for nothing"
            + "|thank you so much for nothing|just what i needed|merci pour rien|merci du cadeau"
            + "|another (?:" + FAILED_EN + " )?" + SERVICE_EN + "|once again|encore (?:un|une) (?:fois )?" + SERVICE_FR
            + "|encore (?:un|une) " + FAILED_FR + "|comme d'?habitude|as usual)(?![a-z])");
    private static final String SARCASM_EMOJI = "\uD83D\uDE44\uD83D\uDE43\uD83D\uDE12"; // 🙄 🙃 😒

    private Cues() {
    }

    /** The number of complaint patterns in {@code folded} (non-overlapping). */
    /** Every complaint pattern contains one of these; a text with none of them is not matched at all (speed). */
    private static final String[] ANCHORS_EN = {"still", "n't", "nt ", " not", "never", "refund", "money", "chargeback",
        "answer", "repl", "respon", "update", "news", "wait", "hold", "where", "delay", "late", "lost", "missing",
        "damage", "broken", "cancel", "wrong", "stuck"};
    private static final String[] ANCHORS_FR = {"toujours", "repon", "nouvelle", "retour", "suivi", "rembours", "solution",
        "recu", "arriv", "livre", "expedie", "venu", "attend", "ou est", "ou sont", "perdu", "egare", "retard", "annule",
        "abime", "casse", "bloque", "endommage", "marche", "fonctionne"};

    public static int complaints(String folded, String language) {
        boolean fr = "fr".equals(language);
        for (String anchor : fr ? ANCHORS_FR : ANCHORS_EN) {
            if (folded.contains(anchor)) {
                return count((fr ? COMPLAINT_FR : COMPLAINT_EN).matcher(folded), folded, false);
            }
        }
        return 0;
    }

    /**
     * Matches tried at word starts only (a letter after a non-letter), which is what the patterns mean and five times
     * cheaper than letting the engine try every character; each pattern ends with a word-end lookahead.
     */
    private static int count(Matcher m, String s, boolean first) {
        int n = 0;
        int len = s.length();
        int i = 0;
        while (i < len) {
            if (Character.isLetter(s.charAt(i)) && (i == 0 || !Character.isLetter(s.charAt(i - 1)))) {
                m.region(i, len);
                if (m.lookingAt()) {
                    n++;
                    if (first) {
                        return n;
                    }
                    i = Math.max(m.end(), i + 1);
                    continue;
                }
            }
            i++;
        }
        return n;
    }

    /** Whether the text carries a sarcasm marker (an eye-roll emoji or an ironic phrase). */
    public static boolean sarcasmMarker(String raw, String folded) {
        for (int i = 0; i < SARCASM_EMOJI.length(); i += 2) {
            if (raw.contains(SARCASM_EMOJI.substring(i, i + 2))) {
                return true;
            }
        }
        return count(SARCASM.matcher(folded), folded, true) > 0;
    }

    /** Lower case, accents removed, typographic apostrophes made plain: what the patterns above are written for. */
    public static String fold(String text) {
        return Text.fold(text.replace('\u2019', '\'').replace('\u02bc', '\''));
    }
}
