package io.cmautopilot.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.InboxStore;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.counter.CounterBucket;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.counter.Counters;
import io.cmautopilot.core.counter.ResponseTimes;
import io.cmautopilot.core.http.ApiError;
import io.cmautopilot.core.http.HttpRequest;
import io.cmautopilot.core.http.HttpResponses;
import io.cmautopilot.core.http.Router;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.post.TargetStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET /v1/brands/{brand}/stats?from=&to=} (docs/API.md, "Stats"): response times (first reply minus receive
 * time; median and 90th percentile per network, from the histogram counters), replies and comments counted in the
 * period, and the open backlog by age. Reads counters (hourly buckets up to 31 days, brand-local days beyond) and
 * the open list's counts: never the comments.
 */
public final class StatsRoutes implements ApiRoutes {
    static final Duration MAX_RANGE = Duration.ofDays(400);
    private final BrandStore brands;
    private final CounterStore counters;
    private final InboxStore inbox;
    private final Clock clock;

    public StatsRoutes(Services services) {
        this(new BrandStore(services.table()), new CounterStore(services.table()), new InboxStore(services.table()),
                services.clock());
    }

    public StatsRoutes(BrandStore brands, CounterStore counters, InboxStore inbox, Clock clock) {
        this.brands = brands;
        this.counters = counters;
        this.inbox = inbox;
        this.clock = clock;
    }

    @Override
    public void register(Router router) {
        router.on("GET /v1/brands/{brand}/stats", this::stats);
    }

    private APIGatewayV2HTTPResponse stats(HttpRequest request) {
        String brandId = request.pathParam("brand");
        Brand brand = brands.get(brandId).orElseThrow(() -> ApiError.notFound("no brand '" + brandId + "'"));
        Instant now = clock.instant();
        Instant to = instant(request, "to", now);
        Instant from = instant(request, "from", to.minus(Duration.ofDays(7)));
        if (!from.isBefore(to)) {
            throw ApiError.badRequest("from must be before to", "from");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ApiError.badRequest("the period is at most 400 days", "from");
        }
        List<CounterBucket> buckets = Duration.between(from, to).compareTo(Duration.ofDays(31)) <= 0
                ? counters.hours(brandId, from, to.minusMillis(1))
                : counters.days(brandId, from.atZone(brand.timezone()).toLocalDate(),
                to.minusMillis(1).atZone(brand.timezone()).toLocalDate());
        ObjectNode body = Json.object().put("brandId", brandId).put("from", from.toString()).put("to", to.toString());
        ObjectNode times = body.putObject("responseTimes");
        times.set("all", figures(ResponseTimes.overall(buckets)));
        ResponseTimes.of(buckets).forEach((network, f) -> times.set(network.id(), figures(f)));
        ObjectNode replies = body.putObject("replies");
        for (TargetStatus s : List.of(TargetStatus.PUBLISHED, TargetStatus.FAILED, TargetStatus.UNCONFIRMED)) {
            replies.put(s.name().toLowerCase(java.util.Locale.ROOT), sum(buckets, Counters.replies(s)));
        }
        ObjectNode comments = body.putObject("comments").put("received", sum(buckets, Counters.COMMENTS));
        ObjectNode byNetwork = comments.putObject("byNetwork");
        for (Network n : Network.values()) {
            long c = sum(buckets, Counters.network(n));
            if (c > 0) {
                byNetwork.put(n.id(), c);
            }
        }
        InboxStore.Backlog backlog = inbox.backlog(brandId, now);
        ObjectNode b = body.putObject("backlog").put("open", backlog.open())
                .put("oldestReceivedAt", backlog.oldestReceivedAt() == null ? null : backlog.oldestReceivedAt().toString());
        ArrayNode bands = b.putArray("byAge");
        long lower = 0;
        for (long[] band : backlog.byAgeMinutes()) {
            ObjectNode o = bands.addObject().put("fromMinutes", lower);
            if (band[0] >= 0) {
                o.put("toMinutes", band[0]);
                lower = band[0];
            }
            o.put("count", band[1]);
        }
        return HttpResponses.json(200, body);
    }

    private static long sum(List<CounterBucket> buckets, String name) {
        return buckets.stream().mapToLong(x -> x.get(name)).sum();
    }

    private static ObjectNode figures(ResponseTimes.Figures f) {
        ObjectNode n = Json.object().put("replies", f.replies());
        n.put("medianMinutes", f.medianMinutes()).put("p90Minutes", f.p90Minutes());
        if (f.p90AtLeast()) {
            n.put("p90AtLeast", true);
        }
        ArrayNode h = n.putArray("histogram");
        for (long[] bucket : f.histogram()) {
            ObjectNode o = h.addObject();
            if (bucket[0] >= 0) {
                o.put("upToMinutes", bucket[0]);
            } else {
                o.put("overMinutes", Counters.RESPONSE_BUCKETS_MINUTES[Counters.RESPONSE_BUCKETS_MINUTES.length - 1]);
            }
            o.put("count", bucket[1]);
        }
        return n;
    }

    private static Instant instant(HttpRequest request, String name, Instant otherwise) {
        String v = request.query(name);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(name + " must be an ISO-8601 instant with offset, like 2026-12-01T09:00:00+01:00",
                    name);
        }
    }
}
