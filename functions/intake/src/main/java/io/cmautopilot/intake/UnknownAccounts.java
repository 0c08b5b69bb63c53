package io.cmautopilot.intake;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.log.Log;
import io.cmautopilot.core.store.Table;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Counts events for accounts the suite does not know (a page that installed the app but was never connected, an
 * account removed while the platform still delivers). They are acknowledged so the platform stops retrying, never
 * stored, and counted per UTC day and network in {@code INTAKE#UNKNOWN / D#<yyyy-MM-dd>} ({@code c_<network>}, kept
 * 40 days), with a log line naming the network and the platform's account id, so an operator can see what is being
 * dropped and connect the account.
 */
public final class UnknownAccounts {
    public static final String PK = "INTAKE#UNKNOWN";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final Duration KEEP = Duration.ofDays(40);
    private final Table table;
    private final Clock clock;

    public UnknownAccounts(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    public void count(Network network, String accountExternalId, int events) {
        Log.info("events for an unknown account acknowledged, not stored", "network", network.id(),
                "accountExternalId", accountExternalId, "events", events);
        var now = clock.instant();
        table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                .key(Table.key(PK, "D#" + DAY.format(now)))
                .updateExpression("ADD #c :one SET " + Table.TTL + " = :exp")
                .expressionAttributeNames(Map.of("#c", "c_" + network.id()))
                .expressionAttributeValues(Map.of(":one", Table.n(events),
                        ":exp", Table.n(now.plus(KEEP).getEpochSecond()))).build());
    }

    /** Today's count for a network (operators, tests). */
    public long today(Network network) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Table.key(PK, "D#" + DAY.format(clock.instant()))).consistentRead(true).build()).item();
        return item == null ? 0 : new Table.Read(item).n("c_" + network.id(), 0);
    }
}
