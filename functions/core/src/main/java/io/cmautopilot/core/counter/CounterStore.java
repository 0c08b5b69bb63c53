package io.cmautopilot.core.counter;

import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Table.Read;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
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

    /** The two updates (hour and local day bucket) that add {@code deltas} at {@code at}, for a caller's transaction. */
    public List<TransactWriteItem> increments(String brandId, ZoneId zone, Instant at, Map<String, Long> deltas) {
        if (deltas.isEmpty()) {
            return List.of();
        }
        Instant hourStart = at.truncatedTo(ChronoUnit.HOURS);
        LocalDate day = at.atZone(zone).toLocalDate();
        return List.of(
                update(brandId, hourKey(at), hourStart, hourStart.plus(HOUR_TTL), deltas),
                update(brandId, dayKey(day), day.atStartOfDay(zone).toInstant(),
                        day.atStartOfDay(zone).toInstant().plus(DAY_TTL), deltas));
    }

    /** Adds {@code deltas} to both buckets atomically (one transaction). */
    public void add(String brandId, ZoneId zone, Instant at, Map<String, Long> deltas) {
        List<TransactWriteItem> writes = increments(brandId, zone, at, deltas);
        if (!writes.isEmpty()) {
            table.client().transactWriteItems(b -> b.transactItems(writes));
        }
    }

    private TransactWriteItem update(String brandId, String sk, Instant start, Instant expires, Map<String, Long> deltas) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> adds = new ArrayList<>();
        int i = 0;
        for (var e : new TreeMap<>(deltas).entrySet()) {
            names.put("#c" + i, VALUE_PREFIX + e.getKey());
            values.put(":c" + i, Table.n(e.getValue()));
            adds.add("#c" + i + " :c" + i);
            i++;
        }
        values.put(":start", Table.time(start));
        values.put(":exp", Table.n(expires.getEpochSecond()));
        values.put(":brand", Table.s(brandId));
        names.put("#exp", Table.TTL);
        names.put("#start", "start");
        return TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(Table.key(pk(brandId), sk))
                .updateExpression("SET #start = :start, #exp = :exp, brandId = :brand ADD " + String.join(", ", adds))
                .expressionAttributeNames(names).expressionAttributeValues(values).build()).build();
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
