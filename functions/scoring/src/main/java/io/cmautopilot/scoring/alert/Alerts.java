package io.cmautopilot.scoring.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.comment.Highlight;
import io.cmautopilot.core.console.ConsoleLinks;
import io.cmautopilot.core.crisis.CrisisRecord;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.mail.Email;
import io.cmautopilot.core.mail.Mailer;
import io.cmautopilot.core.text.Html;
import io.cmautopilot.core.text.HtmlOutput;
import io.cmautopilot.core.text.PlainText;
import io.cmautopilot.scoring.templates.alert.JtecrisisGenerated;
import io.cmautopilot.scoring.templates.alert.JteflaggedGenerated;
import io.cmautopilot.scoring.templates.alert.JteopsGenerated;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Per-brand alert routing (docs/SCORING.md): an immediate e-mail to {@code BrandSettings.alertEmails} and/or a post
 * to the team chat incoming webhook {@code BrandSettings.alertWebhookUrl}. The chat format follows the URL's host:
 * Microsoft Teams (Workflows or Office 365 connector hosts) gets an Adaptive Card message, anything else Slack's
 * {@code {"text": ...}}. User text is escaped for each medium (HTML, Slack mrkdwn, Teams markdown) and the permalink
 * is only linked when it is an http(s) URL. Alerts are best-effort: a refused e-mail or webhook is logged, never
 * retried through the scoring queue (that would re-score nothing and re-send the alerts that did go).
 */
public final class Alerts {
    private static final int EXCERPT = 500;
    private final Mailer mailer;
    private final String sender;
    private final HttpClient http;
    private final ConsoleLinks console;

    public Alerts(Mailer mailer, String sender, HttpClient http) {
        this(mailer, sender, http, ConsoleLinks.none());
    }

    /** With the console's URL known, every comment an alert lists also links into the console (docs/CONSOLE.md). */
    public Alerts(Mailer mailer, String sender, HttpClient http, ConsoleLinks console) {
        this.mailer = mailer;
        this.sender = sender;
        this.http = http;
        this.console = console;
    }

    /** A comment carries HIGH flags: tell the brand's team now. */
    public void flagged(Brand brand, Comment c, List<Flag> high) {
        if (french(brand)) {
            flaggedFr(brand, c, high);
            return;
        }
        String kinds = high.stream().map(f -> f.type().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .distinct().collect(Collectors.joining(", "));
        String labels = high.stream().flatMap(f -> f.labels().stream()).distinct().collect(Collectors.joining(", "));
        String who = author(c);
        String text = excerpt(c.text());
        String link = Html.safeLink(c.permalink());
        String inConsole = console.comment(brand.id(), c.id()).orElse(null);
        String subject = "[" + PlainText.oneLine(brand.name()) + "] " + kinds + " comment on " + c.network().id();

        String html = html(new AlertMail.Flagged(kinds, " comment on " + c.network().id() + " by " + who
                + (labels.isEmpty() ? "" : " (" + labels + ")") + ":", lines(text), link, "Open the comment",
                inConsole, "Open it in the console"));
        String plain = kinds + " comment on " + c.network().id() + " by " + who
                + (labels.isEmpty() ? "" : " (" + labels + ")") + ":\n\n" + text + "\n" + (link == null ? "" : "\n" + link + "\n")
                + (inConsole == null ? "" : "\nIn the console: " + inConsole + "\n");
        mail(brand, subject, html, plain);

        String slack = "*" + Escape.slack(kinds) + "* comment on " + c.network().id() + " by " + Escape.slack(who)
                + (labels.isEmpty() ? "" : " (" + Escape.slack(labels) + ")") + ":\n>" + Escape.slack(text).replace("\n", "\n>")
                + (link == null ? "" : "\n<" + Escape.slack(link).replace("|", "%7C") + "|Open the comment>");
        String teams = "**" + Escape.teams(kinds) + "** comment on " + c.network().id() + " by " + Escape.teams(who)
                + (labels.isEmpty() ? "" : " (" + Escape.teams(labels) + ")") + ":\n\n" + Escape.teams(text);
        webhook(brand, slack, teams, link, "Open the comment");
    }

    private static boolean french(Brand brand) {
        return "fr".equalsIgnoreCase(brand.language());
    }

    private static String kindFr(Flag.Type t) {
        return switch (t) {
            case TOXIC -> "toxique";
            case NEGATIVE -> "négatif";
            case NEEDS_REPLY -> "en attente de réponse";
            case WATCHLIST -> "sous surveillance";
        };
    }

    /** {@link #flagged} for a French brand, written in French (not translated word for word). */
    private void flaggedFr(Brand brand, Comment c, List<Flag> high) {
        String kinds = high.stream().map(f -> kindFr(f.type())).distinct().collect(Collectors.joining(", "));
        String labels = high.stream().flatMap(f -> f.labels().stream()).distinct().collect(Collectors.joining(", "));
        String who = c.author().handle() != null ? "@" + c.author().handle()
                : c.author().name() != null ? c.author().name() : "quelqu’un";
        String text = excerpt(c.text());
        String link = Html.safeLink(c.permalink());
        String network = c.network().id();
        String inConsole = console.comment(brand.id(), c.id()).orElse(null);
        String subject = "[" + PlainText.oneLine(brand.name()) + "] commentaire " + kinds + " sur " + network;
        String head = "Commentaire " + kinds + " sur " + network + " de " + who
                + (labels.isEmpty() ? "" : " (" + labels + ")") + " :";
        String html = html(new AlertMail.Flagged(head, "", lines(text), link, "Voir le commentaire", inConsole,
                "L’ouvrir dans la console"));
        mail(brand, subject, html, head + "\n\n" + text + "\n" + (link == null ? "" : "\n" + link + "\n")
                + (inConsole == null ? "" : "\nDans la console : " + inConsole + "\n"));
        String slack = "*" + Escape.slack(head) + "*\n>" + Escape.slack(text).replace("\n", "\n>")
                + (link == null ? "" : "\n<" + Escape.slack(link).replace("|", "%7C") + "|Voir le commentaire>");
        webhook(brand, slack, "**" + Escape.teams(head) + "**\n\n" + Escape.teams(text), link, "Voir le commentaire");
    }

    /** {@link #crisis} for a French brand, with French numbers. */
    private void crisisFr(Brand brand, CrisisRecord r, List<Highlight> top, boolean publishingPaused) {
        java.text.NumberFormat one = java.text.NumberFormat.getNumberInstance(Locale.FRANCE);
        one.setMaximumFractionDigits(1);
        one.setMinimumFractionDigits(1);
        String networks = r.negativeByNetwork().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        String summary = r.negative() + " commentaires négatifs sur " + r.total() + " au cours de la dernière heure "
                + "(en temps normal " + one.format(r.baselineMean()) + " ± " + one.format(r.baselineStdDev())
                + " par heure, seuil " + one.format(r.threshold()) + ")";
        String reason = io.cmautopilot.scoring.crisis.CrisisRule.frenchReason(r.reason());
        if (reason != null) {
            summary += ". Motif : " + reason;
        }
        String subject = "[" + PlainText.oneLine(brand.name()) + "] crise possible : " + r.negative()
                + " commentaires négatifs en une heure";
        String where = "Réseaux : " + (networks.isEmpty() ? "aucun" : networks);
        StringBuilder plain = new StringBuilder("Crise possible pour ").append(brand.name()).append(".\n\n")
                .append(summary).append("\n").append(where).append("\n");
        StringBuilder slack = new StringBuilder("*Crise possible* pour ").append(Escape.slack(brand.name()))
                .append("\n").append(Escape.slack(summary)).append("\n").append(Escape.slack(where));
        StringBuilder teams = new StringBuilder("**Crise possible** pour ").append(Escape.teams(brand.name()))
                .append("\n\n").append(Escape.teams(summary)).append("\n\n").append(Escape.teams(where));
        String paused = null;
        List<AlertMail.Top> tops = new ArrayList<>();
        if (publishingPaused) {
            String note = "La publication est suspendue pour cette marque (pauseOnCrisis) : aucune publication "
                    + "programmée ne part avant une reprise (PUT /v1/brands/" + brand.id()
                    + "/publishing {\"paused\": false}).";
            paused = note;
            plain.append("\n").append(note).append("\n");
            slack.append("\n*").append(Escape.slack(note)).append('*');
            teams.append("\n\n**").append(Escape.teams(note)).append("**");
        }
        if (!top.isEmpty()) {
            plain.append("\nLes commentaires les plus négatifs :\n");
            slack.append("\nLes commentaires les plus négatifs :");
            teams.append("\n\nLes commentaires les plus négatifs :");
            for (Highlight h : top) {
                String who = h.authorHandle() != null ? "@" + h.authorHandle()
                        : h.authorName() != null ? h.authorName() : "quelqu’un";
                String text = excerpt(h.text());
                String link = Html.safeLink(h.permalink());
                String inConsole = console.comment(brand.id(), h.commentId()).orElse(null);
                tops.add(new AlertMail.Top(h.network().id(), who, text, link, inConsole));
                plain.append("- ").append(h.network().id()).append(", ").append(who).append(" : ").append(text)
                        .append(link == null ? "" : " " + link)
                        .append(inConsole == null ? "" : " (console : " + inConsole + ")").append('\n');
                slack.append("\n• ").append(h.network().id()).append(", ").append(Escape.slack(who)).append(" : ")
                        .append(Escape.slack(text)).append(link == null ? ""
                                : " <" + Escape.slack(link).replace("|", "%7C") + "|voir>");
                teams.append("\n\n- ").append(h.network().id()).append(", ").append(Escape.teams(who)).append(" : ")
                        .append(Escape.teams(text)).append(link == null ? "" : " (" + link + ")");
            }
        }
        String inbox = console.brand(brand.id()).orElse(null);
        if (inbox != null) {
            plain.append("\nBoîte de réception : ").append(inbox).append('\n');
        }
        mail(brand, subject, html(new AlertMail.Crisis("Crise possible", "pour", brand.name(), summary, where, paused,
                "Les commentaires les plus négatifs :", " : ", tops, "voir", "dans la console", inbox,
                "Ouvrir la boîte de réception dans la console")), plain.toString());
        webhook(brand, slack.toString(), teams.toString(), null, null);
    }

    /** A crisis was raised: counts against the baseline, the networks, the top negative comments. */
    public void crisis(Brand brand, CrisisRecord r, List<Highlight> top) {
        crisis(brand, r, top, false);
    }

    /** The crisis alert; {@code publishingPaused} when the brand's scheduled posts were put on hold because of it. */
    public void crisis(Brand brand, CrisisRecord r, List<Highlight> top, boolean publishingPaused) {
        if (french(brand)) {
            crisisFr(brand, r, top, publishingPaused);
            return;
        }
        String networks = r.negativeByNetwork().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        String summary = String.format(Locale.ROOT,
                "%d negative comments of %d in the last hour (baseline %.1f ± %.1f per hour, threshold %.1f); %s",
                r.negative(), r.total(), r.baselineMean(), r.baselineStdDev(), r.threshold(), r.reason());
        String subject = "[" + PlainText.oneLine(brand.name()) + "] possible crisis: " + r.negative() + " negative comments in the last hour";

        StringBuilder plain = new StringBuilder("Possible crisis for ").append(brand.name()).append(".\n\n")
                .append(summary).append("\nNetworks: ").append(networks.isEmpty() ? "n/a" : networks).append("\n");
        StringBuilder slack = new StringBuilder("*Possible crisis* for ").append(Escape.slack(brand.name())).append("\n")
                .append(Escape.slack(summary)).append("\nNetworks: ").append(Escape.slack(networks));
        StringBuilder teams = new StringBuilder("**Possible crisis** for ").append(Escape.teams(brand.name())).append("\n\n")
                .append(Escape.teams(summary)).append("\n\nNetworks: ").append(Escape.teams(networks));
        String paused = null;
        List<AlertMail.Top> tops = new ArrayList<>();
        if (publishingPaused) {
            String note = "Publishing is paused for this brand (pauseOnCrisis): no scheduled post goes out until "
                    + "someone resumes it (PUT /v1/brands/" + brand.id() + "/publishing {\"paused\": false}).";
            paused = note;
            plain.append("\n").append(note).append("\n");
            slack.append("\n*").append(Escape.slack(note)).append('*');
            teams.append("\n\n**").append(Escape.teams(note)).append("**");
        }
        if (!top.isEmpty()) {
            plain.append("\nMost negative comments:\n");
            slack.append("\nMost negative comments:");
            teams.append("\n\nMost negative comments:");
            for (Highlight h : top) {
                String who = h.authorHandle() != null ? "@" + h.authorHandle() : h.authorName() != null ? h.authorName() : "someone";
                String text = excerpt(h.text());
                String link = Html.safeLink(h.permalink());
                String inConsole = console.comment(brand.id(), h.commentId()).orElse(null);
                tops.add(new AlertMail.Top(h.network().id(), who, text, link, inConsole));
                plain.append("- ").append(h.network().id()).append(", ").append(who).append(": ").append(text)
                        .append(link == null ? "" : " " + link)
                        .append(inConsole == null ? "" : " (console: " + inConsole + ")").append('\n');
                slack.append("\n• ").append(h.network().id()).append(", ").append(Escape.slack(who)).append(": ")
                        .append(Escape.slack(text)).append(link == null ? "" : " <" + Escape.slack(link).replace("|", "%7C") + "|open>");
                teams.append("\n\n- ").append(h.network().id()).append(", ").append(Escape.teams(who)).append(": ")
                        .append(Escape.teams(text)).append(link == null ? "" : " (" + link + ")");
            }
        }
        String inbox = console.brand(brand.id()).orElse(null);
        if (inbox != null) {
            plain.append("\nInbox: ").append(inbox).append('\n');
        }
        mail(brand, subject, html(new AlertMail.Crisis("Possible crisis", "for", brand.name(), summary,
                "Networks: " + (networks.isEmpty() ? "n/a" : networks), paused, "Most negative comments:", ": ", tops,
                "open", "in the console", inbox, "Open the inbox in the console")), plain.toString());
        webhook(brand, slack.toString(), teams.toString(), null, null);
    }

    /**
     * A ready alert (already escaped for each channel) to the brand's alert e-mails and team webhook. True when every
     * configured channel accepted it, so the caller may retry the others.
     */
    public boolean send(Brand brand, String subject, String html, String plain, String slack, String teams) {
        mail(brand, subject, html, plain);
        webhook(brand, slack, teams, null, null);
        return true;
    }

    private void mail(Brand brand, String subject, String html, String text) {
        List<String> to = brand.settings().alertEmails();
        if (to.isEmpty() || mailer == null || sender == null) {
            return;
        }
        try {
            mailer.send(new Email(sender, to, subject, html, text, Map.of(), List.of()));
        } catch (RuntimeException e) {
            Log.error("alert e-mail not sent", e, "brandId", brand.id());
        }
    }

    /** {@code button}: the Teams card's button title for {@code link}, in the alert's language. */
    private void webhook(Brand brand, String slackText, String teamsText, String link, String button) {
        String url = brand.settings().alertWebhookUrl();
        URI target = webhookTarget(url);
        if (target == null) {
            if (url != null && !url.isBlank()) {
                Log.warn("alert webhook ignored: not an https URL", "brandId", brand.id());
            }
            return;
        }
        ObjectNode body = isTeams(target) ? teamsCard(teamsText, link, button) : Json.object().put("text", slackText);
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body))).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) {
                Log.warn("alert webhook refused", "brandId", brand.id(), "status", r.statusCode());
            }
        } catch (IOException e) {
            Log.error("alert webhook failed", e, "brandId", brand.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** https only; plain http is accepted for loopback hosts (the local runtime and tests). */
    static URI webhookTarget(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI u = URI.create(url.trim());
            String host = u.getHost();
            if (host == null) {
                return null;
            }
            boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
            return "https".equalsIgnoreCase(u.getScheme()) || ("http".equalsIgnoreCase(u.getScheme()) && loopback) ? u : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Teams incoming webhooks: Office 365 connectors (*.webhook.office.com) and Workflows (Logic Apps / Power Automate). */
    static boolean isTeams(URI target) {
        String host = target.getHost().toLowerCase(Locale.ROOT);
        return host.endsWith("webhook.office.com") || host.endsWith(".logic.azure.com")
                || host.endsWith(".powerplatform.com") || host.endsWith(".powerautomate.com");
    }

    static ObjectNode teamsCard(String text, String link, String button) {
        ObjectNode card = Json.object().put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard").put("version", "1.4");
        card.putArray("body").addObject().put("type", "TextBlock").put("text", text).put("wrap", true);
        if (link != null) {
            card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", button)
                    .put("url", link);
        }
        ObjectNode message = Json.object().put("type", "message");
        ArrayNode attachments = message.putArray("attachments");
        attachments.addObject().put("contentType", "application/vnd.microsoft.card.adaptive").set("content", card);
        return message;
    }

    /** Who wrote it, without bidirectional controls (they would reorder the plain-text part too). */
    private static String author(Comment c) {
        if (c.author().handle() != null) {
            return "@" + Html.stripBidiControls(c.author().handle());
        }
        return c.author().name() != null ? Html.stripBidiControls(c.author().name()) : "someone";
    }

    private static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        text = Html.stripBidiControls(text);
        return text.length() > EXCERPT ? text.substring(0, EXCERPT) + "…" : text;
    }

    /** The comment's lines, shown with line breaks between them. */
    private static List<String> lines(String text) {
        return List.of(text.split("\n", -1));
    }

    /** An alert e-mail from its precompiled template. */
    public static String html(AlertMail.Flagged m) {
        HtmlOutput out = new HtmlOutput();
        JteflaggedGenerated.render(out, null, m);
        return out.toString();
    }

    public static String html(AlertMail.Crisis m) {
        HtmlOutput out = new HtmlOutput();
        JtecrisisGenerated.render(out, null, m);
        return out.toString();
    }

    public static String html(AlertMail.Ops m) {
        HtmlOutput out = new HtmlOutput();
        JteopsGenerated.render(out, null, m);
        return out.toString();
    }

}
