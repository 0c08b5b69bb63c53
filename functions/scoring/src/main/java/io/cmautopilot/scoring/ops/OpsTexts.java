package io.cmautopilot.scoring.ops;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.events.AccountNeedsReconnect;
import io.cmautopilot.core.events.BusEvent;
import io.cmautopilot.core.events.PostFailed;
import io.cmautopilot.core.events.PostUnconfirmed;
import io.cmautopilot.core.events.ReplyFailed;
import io.cmautopilot.core.post.TargetStatus;

import java.util.Map;

/** The words of the operational alerts, in English and in French (the brand's language; English otherwise). */
final class OpsTexts {
    private static final Map<String, String> EN = Map.ofEntries(
            Map.entry("grouped", "{count} publishing alerts"),
            Map.entry("intro", "{count} problems need your attention:"),
            Map.entry("subject.PostFailed", "A post failed on {network}"),
            Map.entry("subject.PostUnconfirmed", "A post on {network} is not confirmed"),
            Map.entry("subject.ReplyFailed", "A reply could not be sent on {network}"),
            Map.entry("subject.ReplyUnconfirmed", "A reply on {network} is not confirmed"),
            Map.entry("subject.AccountNeedsReconnect", "The {network} account {handle} must be reconnected"),
            Map.entry("line.PostFailed", "A post failed on {network} (account {account}): {error}"),
            Map.entry("line.PostUnconfirmed", "A post on {network} (account {account}) may or may not be out: check "
                    + "the account before posting it again. {error}"),
            Map.entry("line.ReplyFailed", "A reply could not be sent on {network} (account {account}): {error}"),
            Map.entry("line.ReplyUnconfirmed", "A reply on {network} (account {account}) may or may not have been "
                    + "sent: check the conversation before replying again. {error}"),
            Map.entry("line.AccountNeedsReconnect", "The {network} account {handle} must be reconnected: its posts "
                    + "and replies wait until then. {error}"));
    private static final Map<String, String> FR = Map.ofEntries(
            Map.entry("grouped", "{count} alertes de publication"),
            Map.entry("intro", "{count} problèmes demandent votre attention :"),
            Map.entry("subject.PostFailed", "Échec d’une publication sur {network}"),
            Map.entry("subject.PostUnconfirmed", "Publication non confirmée sur {network}"),
            Map.entry("subject.ReplyFailed", "Une réponse n’a pas pu être envoyée sur {network}"),
            Map.entry("subject.ReplyUnconfirmed", "Réponse non confirmée sur {network}"),
            Map.entry("subject.AccountNeedsReconnect", "Le compte {network} {handle} doit être reconnecté"),
            Map.entry("line.PostFailed", "Une publication a échoué sur {network} (compte {account}) : {error}"),
            Map.entry("line.PostUnconfirmed", "Une publication sur {network} (compte {account}) n’est pas confirmée : "
                    + "vérifiez le compte avant de la republier. {error}"),
            Map.entry("line.ReplyFailed", "Une réponse n’a pas pu être envoyée sur {network} (compte {account}) : "
                    + "{error}"),
            Map.entry("line.ReplyUnconfirmed", "Une réponse sur {network} (compte {account}) n’est pas confirmée : "
                    + "vérifiez la conversation avant de répondre à nouveau. {error}"),
            Map.entry("line.AccountNeedsReconnect", "Le compte {network} {handle} doit être reconnecté : ses "
                    + "publications et ses réponses restent en attente d’ici là. {error}"));
    private final Map<String, String> texts;

    private OpsTexts(Map<String, String> texts) {
        this.texts = texts;
    }

    static OpsTexts of(String language) {
        return new OpsTexts("fr".equalsIgnoreCase(language) ? FR : EN);
    }

    /** What an alert says about one problem event. */
    private record Problem(String kind, Network network, String accountId, String handle, String error) {
    }

    private static Problem problem(BusEvent event) {
        return switch (event) {
            case PostFailed p -> new Problem(p.detailType(), p.network(), p.accountId(), null, p.error());
            case PostUnconfirmed p -> new Problem(p.detailType(), p.network(), p.accountId(), null, p.error());
            case ReplyFailed r -> new Problem(r.status() == TargetStatus.UNCONFIRMED ? "ReplyUnconfirmed"
                    : r.detailType(), r.network(), r.accountId(), null, r.error());
            case AccountNeedsReconnect a -> new Problem(a.detailType(), a.network(), a.accountId(), a.handle(),
                    a.error());
            default -> throw new IllegalArgumentException("no operational alert for " + event.detailType());
        };
    }

    private String fill(String part, BusEvent event) {
        Problem p = problem(event);
        String network = switch (p.network()) {
            case X -> "X";
            case LINKEDIN -> "LinkedIn";
            default -> p.network().id().substring(0, 1).toUpperCase(java.util.Locale.ROOT)
                    + p.network().id().substring(1);
        };
        String error = p.error() == null ? "" : p.error().replaceAll("[\\r\\n]+", " ");
        if (error.length() > 300) {
            error = error.substring(0, 300) + "…";
        }
        String account = p.accountId() == null ? "?" : p.accountId();
        return texts.get(part + "." + p.kind()).replace("{network}", network).replace("{account}", account)
                .replace("{handle}", p.handle() != null ? p.handle() : account)
                .replace("{error}", error).strip();
    }

    String subject(BusEvent event) {
        return fill("subject", event).replaceAll("[\\r\\n]+", " ");
    }

    String line(BusEvent event) {
        return fill("line", event);
    }

    String grouped(int count) {
        return texts.get("grouped").replace("{count}", Integer.toString(count));
    }

    String intro(int count) {
        return texts.get("intro").replace("{count}", Integer.toString(count));
    }
}
