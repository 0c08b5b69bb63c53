package io.cmautopilot.scoring.ops;

import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.events.BusEvent;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.text.PlainText;
import io.cmautopilot.scoring.alert.AlertMail;
import io.cmautopilot.scoring.alert.Alerts;
import io.cmautopilot.scoring.alert.Escape;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tells people about what went wrong while publishing and replying ({@code AccountNeedsReconnect}, {@code PostFailed},
 * {@code PostUnconfirmed}, {@code ReplyFailed}): the brand's alert e-mails and team webhook, in the brand's language,
 * once per event (a conditional write on the event id: the queue delivers at least once), grouped per brand when
 * several arrive in one batch (the queue's batching window gathers what fires together).
 */
public final class OpsAlerts {
    public static final Set<String> TYPES = Set.of(DomainEvent.ACCOUNT_NEEDS_RECONNECT, DomainEvent.POST_FAILED,
            DomainEvent.POST_UNCONFIRMED, DomainEvent.REPLY_FAILED);
    private final BrandStore brands;
    private final AlertSentStore sent;
    private final Alerts alerts;

    public OpsAlerts(BrandStore brands, Table table, Alerts alerts, Clock clock) {
        this.brands = brands;
        this.sent = new AlertSentStore(table, clock);
        this.alerts = alerts;
    }

    /** One bus event as the queue delivered it, read into its record, with the id of its message. */
    public record Delivered(String messageId, String eventId, BusEvent event) {
        public String detailType() {
            return event.detailType();
        }
    }

    /** Sends the alerts of a batch; returns the message ids to retry (their alert could not be sent). */
    public List<String> handle(List<Delivered> batch) {
        Map<String, List<Delivered>> byBrand = new LinkedHashMap<>();
        List<String> retry = new ArrayList<>();
        for (Delivered d : batch) {
            if (!TYPES.contains(d.detailType())) {
                continue;
            }
            byBrand.computeIfAbsent(d.event().brandId(), k -> new ArrayList<>()).add(d);
        }
        byBrand.forEach((brandId, events) -> {
            Optional<Brand> brand = brands.get(brandId);
            if (brand.isEmpty()) {
                return;
            }
            List<Delivered> fresh = new ArrayList<>();
            for (Delivered d : events) {
                if (claim(d)) {
                    fresh.add(d);
                }
            }
            if (fresh.isEmpty()) {
                return;
            }
            try {
                send(brand.get(), fresh);
            } catch (RuntimeException e) {
                Log.error("operational alert not sent", e, "brandId", brandId, "count", fresh.size());
                fresh.forEach(d -> {
                    release(d);
                    retry.add(d.messageId());
                });
            }
        });
        return retry;
    }

    private boolean claim(Delivered d) {
        return sent.claim(d.eventId(), d.detailType());
    }

    private void release(Delivered d) {
        sent.release(d.eventId());
    }

    private void send(Brand brand, List<Delivered> events) {
        OpsTexts t = OpsTexts.of(brand.language());
        String name = PlainText.oneLine(brand.name());
        List<String> lines = events.stream().map(d -> t.line(d.event())).toList();
        String subject = "[" + name + "] " + (events.size() == 1 ? t.subject(events.get(0).event())
                : t.grouped(events.size()));
        StringBuilder plain = new StringBuilder();
        StringBuilder slack = new StringBuilder();
        StringBuilder teams = new StringBuilder();
        if (events.size() > 1) {
            plain.append(t.intro(events.size())).append("\n\n");
            slack.append(Escape.slack(t.intro(events.size()))).append('\n');
            teams.append(Escape.teams(t.intro(events.size()))).append("\n\n");
        }
        for (String line : lines) {
            plain.append("- ").append(line).append('\n');
            slack.append("• ").append(Escape.slack(line)).append('\n');
            teams.append("- ").append(Escape.teams(line)).append("\n\n");
        }
        String html = Alerts.html(new AlertMail.Ops(events.size() > 1 ? t.intro(events.size()) : null, lines));
        alerts.send(brand, subject, html, plain.toString(), slack.toString().strip(),
                teams.toString().strip());
    }
}
