package io.cmautopilot.intake;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Update;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Counts events for accounts the suite does not know (a page that installed the app but was never connected, an
 * account removed while the platform still delivers). They are acknowledged so the platform stops retrying, never
 * stored, and counted per UTC day and network in {@code INTAKE#UNKNOWN / D#<yyyy-MM-dd>} ({@code c_<network>}, kept
 * 40 days), with a log line naming the network and the platform's account id, so an operator can see what is being
 * dropped and connect the account.
 */
public final class UnknownAccountStore {
    public static final String PK = "INTAKE#UNKNOWN";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final Duration KEEP = Duration.ofDays(40);
    private final Table table;
    private final Clock clock;

    public UnknownAccountStore(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    public void count(Network network, String accountExternalId, int events) {
        Log.info("events for an unknown account acknowledged, not stored", "network", network.id(),
                "accountExternalId", accountExternalId, "events", events);
        var now = clock.instant();
        table.update(Table.key(PK, "D#" + DAY.format(now)), new Update().add("c_" + network.id(), events)
                .set(Table.TTL, now.plus(KEEP).getEpochSecond()));
    }

    /** Today's count for a network (operators, tests). */
    public long today(Network network) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Table.key(PK, "D#" + DAY.format(clock.instant()))).consistentRead(true).build()).item();
        return item == null ? 0 : new Table.Read(item).n("c_" + network.id(), 0);
    }
}
