package io.cmautopilot.digest;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.Subscription;
import io.cmautopilot.core.bus.DomainEvent;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.digest.DigestRecord;
import io.cmautopilot.core.mail.Email;
import io.cmautopilot.core.mail.Mailer;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import io.cmautopilot.testing.SesExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The hourly run through the handler: who is due, exactly-once sending, retries, DST nights. */
class DigestRunTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @RegisterExtension
    static SesExtension ses = new SesExtension();

    private DigestWorld world;
    private Brand brand;

    @BeforeEach
    void setUp() {
        world = new DigestWorld(dynamo, ses);
        brand = world.brand("acme", "Acme", "Europe/Paris", "en");
        world.count(brand, Instant.parse("2026-11-22T10:00:00Z"), Network.MASTODON, Sentiment.Label.POSITIVE, 12);
    }

    private Map<String, Integer> tick(Instant at) {
        world.clock.set(at);
        // EventBridge stamps each scheduled run with its time; the handler runs as of that time.
        var event = Events.scheduled("digest/hourly-schedule.json");
        event.setTime(new org.joda.time.DateTime(at.toEpochMilli(), org.joda.time.DateTimeZone.UTC));
        return new DigestHandler(world.run()).handleRequest(event, null);
    }

    @Test
    void a_digest_sent_event_the_bus_refuses_is_announced_exactly_once_by_a_later_sweep() {
        Subscription s = world.daily(brand, "m@acme.test", 8, "Europe/Paris", "en");
        world.bus.refuseWhen(e -> true);

        Instant sent = Instant.parse("2026-11-23T07:00:00Z");
        assertThat(tick(sent)).containsEntry("sent", 1);
        assertThat(world.bus.events()).isEmpty();
        world.bus.refuseWhen(e -> false);

        var sweeper = new io.cmautopilot.core.bus.PendingEvents(world.table, world.clock);
        world.clock.set(sent.plus(io.cmautopilot.core.bus.PendingEvents.GRACE).plusSeconds(1));
        assertThat(sweeper.sweep(world.bus)).isEqualTo(1);
        world.clock.set(sent.plus(io.cmautopilot.core.bus.PendingEvents.GRACE).plusSeconds(400));
        assertThat(sweeper.sweep(world.bus)).isZero();

        assertThat(world.bus.events(DomainEvent.DIGEST_SENT)).singleElement().satisfies(e -> {
            assertThat(e.detail().path("subscriptionId").asText()).isEqualTo(s.id());
            assertThat(e.detail().path("periodKey").asText()).isEqualTo("daily#2026-11-22");
            assertThat(e.detail().path("messageId").asText()).isEqualTo(ses.messages().get(0).path("messageId").asText());
        });
        assertThat(ses.messages()).hasSize(1);
    }

    @Test
    void the_hourly_event_sends_the_due_digest_once_and_announces_it() {
        Subscription s = world.daily(brand, "m@acme.test", 8, "Europe/Paris", "en");
        world.daily(brand, "later@acme.test", 10, "Europe/Paris", "en");

        assertThat(tick(Instant.parse("2026-11-23T06:00:00Z"))).containsEntry("due", 0);
        assertThat(tick(Instant.parse("2026-11-23T07:00:00Z"))).containsEntry("sent", 1);
        assertThat(tick(Instant.parse("2026-11-23T08:00:00Z"))).containsEntry("sent", 0).containsEntry("skipped", 1);

        assertThat(ses.messages()).hasSize(1);
        DigestRecord record = world.digests.get(s.id(), "daily#2026-11-22").orElseThrow();
        assertThat(record.status()).isEqualTo(DigestRecord.Status.SENT);
        assertThat(record.messageId()).isEqualTo(ses.messages().get(0).path("messageId").asText());
        DomainEvent event = world.bus.events(DomainEvent.DIGEST_SENT).get(0);
        assertThat(event.detail().path("brandId").asText()).isEqualTo("acme");
        assertThat(event.detail().path("subscriptionId").asText()).isEqualTo(s.id());
        assertThat(event.detail().path("periodKey").asText()).isEqualTo("daily#2026-11-22");
        assertThat(event.detail().path("messageId").asText()).isEqualTo(record.messageId());
        assertThat(event.detail().path("schemaVersion").asInt()).isEqualTo(1);
        // docs/EVENTS.md's example (events/bus/digest-sent.json) has exactly the fields the run emits.
        var example = io.cmautopilot.core.json.Json.tree(Events.text("bus/digest-sent.json"));
        assertThat(example.path("detail-type").asText()).isEqualTo(DomainEvent.DIGEST_SENT);
        assertThat(example.path("source").asText()).isEqualTo(DomainEvent.SOURCE);
        java.util.List<String> exampleFields = new ArrayList<>();
        example.path("detail").fieldNames().forEachRemaining(exampleFields::add);
        java.util.List<String> emittedFields = new ArrayList<>();
        event.detail().fieldNames().forEachRemaining(emittedFields::add);
        assertThat(emittedFields).containsExactlyInAnyOrderElementsOf(exampleFields);
    }

    @Test
    void two_overlapping_runs_send_exactly_one_message() throws Exception {
        world.daily(brand, "m@acme.test", 8, "Europe/Paris", "en");
        world.clock.set(Instant.parse("2026-11-23T07:00:00Z"));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<DigestRun.Summary>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String owner = "run-" + i;
            DigestRun run = world.run();
            runs.add(pool.submit(() -> {
                start.await();
                return run.run(owner);
            }));
        }
        start.countDown();
        int sent = 0;
        int skipped = 0;
        for (Future<DigestRun.Summary> f : runs) {
            sent += f.get().sent();
            skipped += f.get().skipped();
        }
        pool.shutdown();

        assertThat(sent).isEqualTo(1);
        assertThat(skipped).isEqualTo(1);
        assertThat(ses.messages()).hasSize(1);
    }

    @Test
    void a_failed_send_is_retried_by_the_next_run() {
        Subscription s = world.daily(brand, "m@acme.test", 8, "Europe/Paris", "en");
        AtomicInteger calls = new AtomicInteger();
        Mailer flaky = (Email email) -> {
            if (calls.incrementAndGet() == 1) {
                throw new Mailer.MailException("SES throttled", null);
            }
            return world.ses.send(email);
        };
        world.clock.set(Instant.parse("2026-11-23T07:00:00Z"));

        assertThat(world.run(flaky).run("first").failed()).isEqualTo(1);
        assertThat(world.digests.get(s.id(), "daily#2026-11-22").orElseThrow().status())
                .isEqualTo(DigestRecord.Status.FAILED);
        assertThat(ses.messages()).isEmpty();

        world.clock.advance(Duration.ofHours(1));
        assertThat(world.run(flaky).run("second").sent()).isEqualTo(1);

        DigestRecord record = world.digests.get(s.id(), "daily#2026-11-22").orElseThrow();
        assertThat(record.status()).isEqualTo(DigestRecord.Status.SENT);
        assertThat(record.attempts()).isEqualTo(2);
        assertThat(ses.messages()).hasSize(1);
    }

    @Test
    void a_run_that_missed_the_hour_still_sends_the_period() {
        world.daily(brand, "m@acme.test", 8, "Europe/Paris", "en");
        assertThat(tick(Instant.parse("2026-11-23T10:00:00Z"))).containsEntry("sent", 1);
        assertThat(ses.messages()).hasSize(1);
    }

    @Test
    void the_paris_fall_back_night_sends_a_0200_digest_once_although_0200_happens_twice() {
        world.daily(brand, "m@acme.test", 2, "Europe/Paris", "en");
        assertThat(tick(Instant.parse("2026-10-25T00:00:00Z"))).containsEntry("sent", 1); // 02:00 CEST
        assertThat(tick(Instant.parse("2026-10-25T01:00:00Z"))).containsEntry("sent", 0); // 02:00 CET
        assertThat(ses.messages()).hasSize(1);
    }

    @Test
    void the_paris_spring_forward_day_sends_a_0200_digest_at_0300() {
        world.daily(brand, "m@acme.test", 2, "Europe/Paris", "en");
        assertThat(tick(Instant.parse("2026-03-29T00:00:00Z"))).containsEntry("due", 0); // 01:00 CET
        assertThat(tick(Instant.parse("2026-03-29T01:00:00Z"))).containsEntry("sent", 1); // 03:00 CEST
        assertThat(ses.messages()).hasSize(1);
    }

    @Test
    void new_york_subscribers_get_theirs_at_their_local_hour_across_the_dst_change() {
        world.daily(brand, "ny@acme.test", 9, "America/New_York", "en");
        assertThat(tick(Instant.parse("2026-03-07T14:00:00Z"))).containsEntry("sent", 1); // EST
        assertThat(tick(Instant.parse("2026-03-08T13:00:00Z"))).containsEntry("sent", 1); // EDT
        assertThat(ses.messages()).hasSize(2);
    }

    @Test
    void a_weekly_digest_is_sent_on_its_weekday_only() {
        world.weekly(brand, "w@acme.test", 8, DayOfWeek.MONDAY, "Europe/Paris", "fr");
        assertThat(tick(Instant.parse("2026-11-22T07:00:00Z"))).containsEntry("due", 0); // Sunday
        assertThat(tick(Instant.parse("2026-11-23T07:00:00Z"))).containsEntry("sent", 1); // Monday
        assertThat(ses.messages().get(0).path("subject").asText()).startsWith("Acme : votre résumé de la semaine");
    }

    @Test
    void an_inactive_subscription_gets_nothing() {
        Subscription s = world.daily(brand, "m@acme.test", 8, "Europe/Paris", "en");
        world.brands.putSubscription(s.withActive(false));
        assertThat(tick(Instant.parse("2026-11-23T07:00:00Z"))).containsEntry("due", 0);
        assertThat(ses.messages()).isEmpty();
    }
}
