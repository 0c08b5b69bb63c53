package io.cmautopilot.core.counter;

import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Table.Read;
import io.cmautopilot.core.store.Transaction;
import io.cmautopilot.core.store.Update;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-brand counters: {@code COUNTER#<brand> / H#<utc yyyy-MM-ddTHH>} per UTC hour and
 * {@code COUNTER#<brand> / D#<local yyyy-MM-dd>} per day of the brand's zone. Every change is an atomic {@code ADD},
 * meant to ride in the same transaction as the write it counts (a scored comment, a finished target), which is
 * what makes each event count exactly once. Readers (crisis detector, digest) read O(buckets), never comments.
 */
public final class CounterStore {
    private static final String VALUE_PREFIX = "c_";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH").withZone(ZoneOffset.UTC);
    /** Hour buckets serve the crisis baseline (7 days) and daily digests; day buckets serve weekly digests. */
    private static final Duration HOUR_TTL = Duration.ofDays(40);
    private static final Duration DAY_TTL = Duration.ofDays(800);
    private final Table table;

    public CounterStore(Table table) {
        this.table = table;
    }

    private static String pk(String brandId) {
        return "COUNTER#" + brandId;
    }

    public static String hourKey(Instant at) {
        return "H#" + HOUR.format(at);
    }

    public static String dayKey(LocalDate day) {
        return "D#" + day;
    }

    /**
     * Adds the two updates (hour and local day bucket) that add {@code deltas} at {@code at} to a caller's
     * transaction; nothing when there are no deltas.
     */
    public void increment(Transaction tx, String brandId, ZoneId zone, Instant at, Map<String, Long> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        Instant hourStart = at.truncatedTo(ChronoUnit.HOURS);
        LocalDate day = at.atZone(zone).toLocalDate();
        Instant dayStart = day.atStartOfDay(zone).toInstant();
        tx.update(table, Table.key(pk(brandId), hourKey(at)), bucket(brandId, hourStart, hourStart.plus(HOUR_TTL), deltas));
        tx.update(table, Table.key(pk(brandId), dayKey(day)), bucket(brandId, dayStart, dayStart.plus(DAY_TTL), deltas));
    }

    /** Adds {@code deltas} to both buckets atomically (one transaction). */
    public void add(String brandId, ZoneId zone, Instant at, Map<String, Long> deltas) {
        Transaction tx = new Transaction();
        increment(tx, brandId, zone, at, deltas);
        tx.commit();
    }

    private static Update bucket(String brandId, Instant start, Instant expires, Map<String, Long> deltas) {
        Update u = new Update().set("start", start).set(Table.TTL, expires.getEpochSecond()).set("brandId", brandId);
        new TreeMap<>(deltas).forEach((name, delta) -> u.add(VALUE_PREFIX + name, delta));
        return u;
    }

    /** Hour buckets with a start in {@code [from, to)}; hours with no activity are absent. */
    public List<CounterBucket> hours(String brandId, Instant from, Instant to) {
        return read(brandId, CounterBucket.Granularity.HOUR, hourKey(from),
                hourKey(to.minusNanos(1)));
    }

    /** Day buckets (brand-local dates) in {@code [from, to]}; days with no activity are absent. */
    public List<CounterBucket> days(String brandId, LocalDate from, LocalDate to) {
        return read(brandId, CounterBucket.Granularity.DAY, dayKey(from), dayKey(to));
    }

    private List<CounterBucket> read(String brandId, CounterBucket.Granularity granularity, String fromKey, String toKey) {
        var items = table.queryAll(QueryRequest.builder().tableName(table.name())
                .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", Table.s(pk(brandId)), ":from", Table.s(fromKey),
                        ":to", Table.s(toKey))).build());
        List<CounterBucket> out = new ArrayList<>();
        for (var item : items) {
            Map<String, Long> values = new TreeMap<>();
            item.forEach((k, v) -> {
                if (k.startsWith(VALUE_PREFIX) && v.n() != null) {
                    values.put(k.substring(VALUE_PREFIX.length()), Long.parseLong(v.n()));
                }
            });
            Read r = new Read(item);
            out.add(new CounterBucket(brandId, granularity, r.s(Table.SK), r.time("start"), values));
        }
        return out;
    }
}
