package io.cmautopilot.intake.poll;

import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.store.Table;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.time.Clock;
import java.util.Optional;

/**
 * Where each polled account's reading stopped: {@code BRAND#<brand> / CURSOR#<accountId>} (docs/DATA-MODEL.md), in
 * the brand's item collection next to the account. Pollers write it only after the comments up to it are stored, so
 * a poll that fails leaves it where it was and the next poll reads the same notifications again (storing them is
 * idempotent): nothing is skipped.
 */
public final class PollCursorStore {
    private final Table table;
    private final Clock clock;

    public PollCursorStore(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    public Optional<String> get(Account account) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Table.key(BrandStore.brandPk(account.brandId()), "CURSOR#" + account.id()))
                .consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(new Table.Read(item).s("cursor"));
    }

    public void put(Account account, String cursor) {
        table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(new Table.Item()
                .key(BrandStore.brandPk(account.brandId()), "CURSOR#" + account.id()).put("type", "pollCursor")
                .put("accountId", account.id()).put("network", account.network().id()).put("cursor", cursor)
                .put("updatedAt", clock.instant()).build()).build());
    }
}
