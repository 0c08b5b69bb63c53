package io.cmautopilot.digest.render;

import java.text.NumberFormat;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

/**
 * The digest's words and formats in English and French. Placeholders are {@code {name}}, replaced verbatim (no
 * {@link java.text.MessageFormat}: its quote rules and French apostrophes do not mix). Values are inserted as given:
 * callers escape them for HTML first.
 */
public final class Messages {
    public static final Messages EN = new Messages(Locale.ENGLISH, Map.ofEntries(
            Map.entry("subject.daily", "{brand}: your daily digest for {date}"),
            Map.entry("subject.weekly", "{brand}: your weekly digest, {from} to {to}"),
            Map.entry("title.daily", "Daily digest"),
            Map.entry("title.weekly", "Weekly digest"),
            Map.entry("period.weekly", "{from} to {to}"),
            Map.entry("quiet.daily", "A quiet day: no comments, no posts and no alerts."),
            Map.entry("quiet.weekly", "A quiet week: no comments, no posts and no alerts."),
            Map.entry("comments.one", "{count} comment"),
            Map.entry("comments.other", "{count} comments"),
            Map.entry("change.daily", "{change} vs the day before"),
            Map.entry("change.weekly", "{change} vs the week before"),
            Map.entry("change.new", "none the period before"),
            Map.entry("section.networks", "Comments by network"),
            Map.entry("section.sentiment", "Sentiment mix"),
            Map.entry("col.network", "Network"),
            Map.entry("col.sentiment", "Sentiment"),
            Map.entry("col.comments", "Comments"),
            Map.entry("col.share", "Share"),
            Map.entry("col.change", "Change"),
            Map.entry("label.positive", "Positive"),
            Map.entry("label.negative", "Negative"),
            Map.entry("label.neutral", "Neutral"),
            Map.entry("label.mixed", "Mixed"),
            Map.entry("points", "{value} pts"),
            Map.entry("section.trend", "Sentiment trend"),
            Map.entry("trend.hourly", "One bar per hour, from {from} to {to} ({zone}). Tallest bar: {max}."),
            Map.entry("trend.daily", "One bar per day, from {from} to {to}. Tallest bar: {max}."),
            Map.entry("chart.alt", "Sentiment trend chart"),
            Map.entry("section.needsReply", "Waiting for a reply (oldest first)"),
            Map.entry("section.negative", "Most negative"),
            Map.entry("section.positive", "Most positive"),
            Map.entry("section.toxic", "Toxic comments"),
            Map.entry("badge.hidden", "hidden"),
            Map.entry("badge.flagged", "flagged"),
            Map.entry("view", "View"),
            Map.entry("console", "Open in the console"),
            Map.entry("section.crises", "Crisis alerts"),
            Map.entry("crisis.line", "{time}: {negative} negative out of {total} comments in an hour (threshold {threshold})"),
            Map.entry("section.replies", "Replies"),
            Map.entry("replies.sent", "Replies sent"),
            Map.entry("replies.median", "Time to first reply (median)"),
            Map.entry("replies.p90", "90% of first replies within"),
            Map.entry("replies.atLeast", "more than {value}"),
            Map.entry("replies.network", "median {median}, 90% within {p90}"),
            Map.entry("replies.open", "Still waiting for a reply"),
            Map.entry("replies.openOld", "{count}, {old} of them for more than a day"),
            Map.entry("duration.minutes", "{m} min"),
            Map.entry("duration.hours", "{h} h {m} min"),
            Map.entry("duration.days", "{d} d {h} h"),
            Map.entry("section.posts", "Posts"),
            Map.entry("posts.published", "Published"),
            Map.entry("posts.failed", "Failed"),
            Map.entry("posts.unconfirmed", "Unconfirmed: check the network before posting again"),
            Map.entry("section.reconnect", "Accounts to reconnect"),
            Map.entry("reconnect.hint", "Publishing and listening on these accounts are paused until they are reconnected."),
            Map.entry("footer", "You receive this {cadence} digest of {brand} as {email}."),
            Map.entry("footer.preview", "Preview of the {cadence} digest of {brand}."),
            Map.entry("cadence.daily", "daily"),
            Map.entry("cadence.weekly", "weekly"),
            Map.entry("unsubscribe", "Unsubscribe"),
            Map.entry("page.confirm.title", "Unsubscribe from the digest?"),
            Map.entry("page.confirm.body", "{email} will stop receiving the {brand} digest."),
            Map.entry("page.confirm.button", "Unsubscribe"),
            Map.entry("page.done.title", "You are unsubscribed"),
            Map.entry("page.done.body", "{email} will no longer receive the {brand} digest."),
            Map.entry("page.invalid.title", "This link is not valid"),
            Map.entry("page.invalid.body", "This unsubscribe link is not valid. Use the link of a recent digest.")));

    public static final Messages FR = new Messages(Locale.FRENCH, Map.ofEntries(
            Map.entry("subject.daily", "{brand} : votre résumé du {date}"),
            Map.entry("subject.weekly", "{brand} : votre résumé de la semaine, du {from} au {to}"),
            Map.entry("title.daily", "Résumé quotidien"),
            Map.entry("title.weekly", "Résumé hebdomadaire"),
            Map.entry("period.weekly", "du {from} au {to}"),
            Map.entry("quiet.daily", "Journée calme : aucun commentaire, aucune publication, aucune alerte."),
            Map.entry("quiet.weekly", "Semaine calme : aucun commentaire, aucune publication, aucune alerte."),
            Map.entry("comments.one", "{count} commentaire"),
            Map.entry("comments.other", "{count} commentaires"),
            Map.entry("change.daily", "{change} par rapport à la veille"),
            Map.entry("change.weekly", "{change} par rapport à la semaine précédente"),
            Map.entry("change.new", "aucun sur la période précédente"),
            Map.entry("section.networks", "Commentaires par réseau"),
            Map.entry("section.sentiment", "Répartition de la tonalité"),
            Map.entry("col.network", "Réseau"),
            Map.entry("col.sentiment", "Tonalité"),
            Map.entry("col.comments", "Commentaires"),
            Map.entry("col.share", "Part"),
            Map.entry("col.change", "Évolution"),
            Map.entry("label.positive", "Positive"),
            Map.entry("label.negative", "Négative"),
            Map.entry("label.neutral", "Neutre"),
            Map.entry("label.mixed", "Mitigée"),
            Map.entry("points", "{value} pts"),
            Map.entry("section.trend", "Évolution de la tonalité"),
            Map.entry("trend.hourly", "Une barre par heure, de {from} à {to} ({zone}). Barre la plus haute : {max}."),
            Map.entry("trend.daily", "Une barre par jour, du {from} au {to}. Barre la plus haute : {max}."),
            Map.entry("chart.alt", "Graphique de l’évolution de la tonalité"),
            Map.entry("section.needsReply", "En attente de réponse (les plus anciens d’abord)"),
            Map.entry("section.negative", "Les plus négatifs"),
            Map.entry("section.positive", "Les plus positifs"),
            Map.entry("section.toxic", "Commentaires toxiques"),
            Map.entry("badge.hidden", "masqué"),
            Map.entry("badge.flagged", "signalé"),
            Map.entry("view", "Voir"),
            Map.entry("console", "Ouvrir dans la console"),
            Map.entry("section.crises", "Alertes de crise"),
            Map.entry("crisis.line", "{time} : {negative} commentaires négatifs sur {total} en une heure (seuil {threshold})"),
            Map.entry("section.replies", "Réponses"),
            Map.entry("replies.sent", "Réponses envoyées"),
            Map.entry("replies.median", "Délai de première réponse (médiane)"),
            Map.entry("replies.p90", "90 % des premières réponses en moins de"),
            Map.entry("replies.atLeast", "plus de {value}"),
            Map.entry("replies.network", "médiane {median}, 90 % en moins de {p90}"),
            Map.entry("replies.open", "Toujours en attente de réponse"),
            Map.entry("replies.openOld", "{count}, dont {old} depuis plus d’un jour"),
            Map.entry("duration.minutes", "{m} min"),
            Map.entry("duration.hours", "{h} h {m}"),
            Map.entry("duration.days", "{d} j {h} h"),
            Map.entry("section.posts", "Publications"),
            Map.entry("posts.published", "Publiées"),
            Map.entry("posts.failed", "En échec"),
            Map.entry("posts.unconfirmed", "Non confirmées : vérifiez sur le réseau avant de republier"),
            Map.entry("section.reconnect", "Comptes à reconnecter"),
            Map.entry("reconnect.hint", "La publication et l’écoute de ces comptes sont suspendues jusqu’à leur reconnexion."),
            Map.entry("footer", "Vous recevez ce résumé {cadence} de {brand} à l’adresse {email}."),
            Map.entry("footer.preview", "Aperçu du résumé {cadence} de {brand}."),
            Map.entry("cadence.daily", "quotidien"),
            Map.entry("cadence.weekly", "hebdomadaire"),
            Map.entry("unsubscribe", "Se désabonner"),
            Map.entry("page.confirm.title", "Se désabonner du résumé ?"),
            Map.entry("page.confirm.body", "{email} ne recevra plus le résumé de {brand}."),
            Map.entry("page.confirm.button", "Me désabonner"),
            Map.entry("page.done.title", "Votre désabonnement est enregistré"),
            Map.entry("page.done.body", "{email} ne recevra plus le résumé de {brand}."),
            Map.entry("page.invalid.title", "Ce lien n’est pas valide"),
            Map.entry("page.invalid.body", "Ce lien de désabonnement n’est pas valide. Utilisez le lien d’un résumé récent.")));

    private final Locale locale;
    private final Map<String, String> texts;

    private Messages(Locale locale, Map<String, String> texts) {
        this.locale = locale;
        this.texts = texts;
    }

    /** The messages of a language code; English for anything but {@code fr}. */
    public static Messages of(String language) {
        return "fr".equalsIgnoreCase(language) ? FR : EN;
    }

    public Locale locale() {
        return locale;
    }

    public String language() {
        return locale.getLanguage();
    }

    /** The text of {@code key} with {@code {name}} placeholders replaced by the given name/value pairs. */
    public String get(String key, String... nameValues) {
        String text = texts.get(key);
        if (text == null) {
            throw new IllegalArgumentException("no message " + key + " in " + locale);
        }
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            text = text.replace("{" + nameValues[i] + "}", nameValues[i + 1]);
        }
        return text;
    }

    public String number(long value) {
        return NumberFormat.getIntegerInstance(locale).format(value);
    }

    /** A duration in minutes as people say it: "12 min", "2 h 05 min" ("2 h 05" in French), "1 d 3 h". */
    public String minutes(Double minutes) {
        if (minutes == null) {
            return "–";
        }
        long total = Math.max(1, Math.round(minutes));
        if (total < 60) {
            return get("duration.minutes", "m", Long.toString(total));
        }
        if (total < 1440) {
            return get("duration.hours", "h", Long.toString(total / 60), "m", String.format(locale, "%02d", total % 60));
        }
        return get("duration.days", "d", Long.toString(total / 1440), "h", Long.toString((total % 1440) / 60));
    }

    public String percent(double fraction) {
        return NumberFormat.getPercentInstance(locale).format(fraction);
    }

    /** A signed whole number of percentage points ("+3 pts", "−2 pts", "0 pts"). */
    public String points(long value) {
        String sign = value > 0 ? "+" : value < 0 ? "−" : "";
        return get("points", "value", sign + number(Math.abs(value)));
    }

    /** A signed percentage change ("+12 %", "−40%"). */
    public String change(double fraction) {
        String sign = fraction > 0 ? "+" : fraction < 0 ? "−" : "";
        return sign + percent(Math.abs(fraction));
    }

    public String comments(long count) {
        return get(count == 1 ? "comments.one" : "comments.other", "count", number(count));
    }

    public String fullDate(LocalDate date) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale).format(date);
    }

    public String longDate(LocalDate date) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(date);
    }

    public String shortDate(LocalDate date) {
        return DateTimeFormatter.ofPattern(locale.getLanguage().equals("fr") ? "EEE d MMM" : "EEE MMM d", locale)
                .format(date);
    }

    public String time(ZonedDateTime at) {
        return DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale).format(at);
    }

    public String dateTime(ZonedDateTime at) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                .format(at);
    }
}
