package io.cmautopilot.core.brand;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.core.store.Condition;
import io.cmautopilot.core.store.Conflict;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.core.store.Table.Item;
import io.cmautopilot.core.store.Table.Read;
import io.cmautopilot.core.store.Transaction;
import io.cmautopilot.core.store.Update;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brands, their accounts and their digest subscriptions (access patterns in docs/DATA-MODEL.md):
 * <ul>
 *   <li>brand: {@code BRAND#<id> / BRAND}</li>
 *   <li>account: {@code BRAND#<id> / ACCOUNT#<accountId>}, listed per network on gsi1 {@code ACCOUNTS#<network>}</li>
 *   <li>account by network id (webhook routing): {@code ACCOUNTREF#<network>#<externalId> / ACCOUNTREF}</li>
 *   <li>subscription: {@code BRAND#<id> / SUB#<subId>}, active ones listed on gsi1 {@code SUBSCRIPTIONS}</li>
 * </ul>
 */
public final class BrandStore {
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private final Table table;

    public BrandStore(Table table) {
        this.table = table;
    }

    public static String brandPk(String brandId) {
        return "BRAND#" + brandId;
    }

    // ---- brands

    /** Creates a brand; {@link Conflict} when the id is taken. */
    public void create(Brand brand) {
        if (!table.put(brandItem(brand), Condition.itemAbsent())) {
            throw new Conflict("brand '" + brand.id() + "' already exists");
        }
    }

    /** Replaces a brand that exists (settings, secret reference...). */
    public void update(Brand brand) {
        if (!table.put(brandItem(brand), Condition.itemExists())) {
            throw new Conflict("brand '" + brand.id() + "' does not exist");
        }
    }

    public Optional<Brand> get(String brandId) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Table.key(brandPk(brandId), "BRAND")).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(brand(new Read(item)));
    }

    private Map<String, AttributeValue> brandItem(Brand b) {
        return new Item().key(brandPk(b.id()), "BRAND").put("type", "brand").put("id", b.id()).put("name", b.name())
                .put("timezone", b.timezone().getId()).put("language", b.language())
                .put("settings", Json.write(b.settings().toJson())).put("webhookSecretRef", b.webhookSecretRef())
                .put("createdAt", b.createdAt())
                .put(Table.GSI2_PK, BRANDS).put(Table.GSI2_SK, b.id()).build();
    }

    /** The listing of every brand: gsi2 {@code BRANDS}, sorted by id. */
    static final String BRANDS = "BRANDS";

    /**
     * Brands by id, one page at a time: a Query on gsi2 {@code BRANDS} (docs/DATA-MODEL.md). The cursor is the last
     * key returned; {@link IllegalArgumentException} on a cursor that is not one of ours.
     */
    public io.cmautopilot.core.store.Page<Brand> list(int limit, String cursor) {
        Map<String, AttributeValue> start = io.cmautopilot.core.store.Page.decode(cursor);
        if (start != null && (!start.containsKey(Table.GSI2_PK) || !BRANDS.equals(start.get(Table.GSI2_PK).s())
                || start.get(Table.PK) == null || start.get(Table.SK) == null || start.get(Table.GSI2_SK) == null
                || start.size() != 4)) {
            throw new IllegalArgumentException("cursor is not valid");
        }
        List<Brand> items = new ArrayList<>();
        Map<String, AttributeValue> last = null;
        boolean more = false;
        do {
            var page = table.client().query(QueryRequest.builder().tableName(table.name()).indexName(Table.GSI2)
                    .keyConditionExpression("gsi2pk = :pk").expressionAttributeValues(Map.of(":pk", Table.s(BRANDS)))
                    .exclusiveStartKey(start).limit(limit + 1).build());
            for (var item : page.items()) {
                if (items.size() == limit) {
                    more = true;
                    break;
                }
                items.add(brand(new Read(item)));
                last = item;
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            more |= items.size() == limit && start != null;
        } while (items.size() < limit && start != null);
        String next = more && last != null ? io.cmautopilot.core.store.Page.encode(Map.of(Table.PK, last.get(Table.PK),
                Table.SK, last.get(Table.SK), Table.GSI2_PK, last.get(Table.GSI2_PK), Table.GSI2_SK,
                last.get(Table.GSI2_SK))) : null;
        return new io.cmautopilot.core.store.Page<>(items, next);
    }

    private static Brand brand(Read r) {
        String settings = r.s("settings");
        return new Brand(r.s("id"), r.s("name"), ZoneId.of(r.s("timezone")), r.s("language"),
                settings == null ? null : BrandSettings.fromJson(Json.tree(settings)), r.s("webhookSecretRef"),
                r.time("createdAt"));
    }

    // ---- accounts

    /**
     * Stores an account and, when it has an external id, the reference that routes webhooks to it; both or neither.
     * {@link Conflict} when another account already claims that network id.
     */
    public void createAccount(Account account) {
        Transaction tx = new Transaction();
        tx.put(table, accountItem(account), Condition.itemAbsent());
        if (account.externalId() != null) {
            tx.put(table, new Item().key(refPk(account.network(), account.externalId()), "ACCOUNTREF")
                    .put("brandId", account.brandId()).put("accountId", account.id()).build(), Condition.itemAbsent());
        }
        if (!tx.tryCommit()) {
            throw new Conflict(account.network().id() + " account '" + account.externalId()
                    + "' is already connected");
        }
    }

    /** Replaces an existing account (status, settings, secret reference). */
    public void updateAccount(Account account) {
        if (!table.put(accountItem(account), Condition.itemExists())) {
            throw new Conflict("account '" + account.id() + "' does not exist");
        }
    }

    public void setAccountStatus(String brandId, String accountId, Account.Status status) {
        if (!table.update(Table.key(brandPk(brandId), "ACCOUNT#" + accountId), new Update().set("status", status),
                Condition.itemExists())) {
            throw new Conflict("account '" + accountId + "' does not exist");
        }
    }

    public Optional<Account> getAccount(String brandId, String accountId) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Table.key(brandPk(brandId), "ACCOUNT#" + accountId)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(account(new Read(item)));
    }

    public List<Account> listAccounts(String brandId) {
        return table.queryAll(QueryRequest.builder().tableName(table.name())
                .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":pk", Table.s(brandPk(brandId)), ":p", Table.s("ACCOUNT#")))
                .build()).stream().map(i -> account(new Read(i))).toList();
    }

    /** Every account on a network, across brands (pollers); a Query on gsi1, never a Scan. */
    public List<Account> listAccountsOn(Network network) {
        return table.queryAll(QueryRequest.builder().tableName(table.name()).indexName(Table.GSI1)
                .keyConditionExpression("gsi1pk = :pk")
                .expressionAttributeValues(Map.of(":pk", Table.s("ACCOUNTS#" + network.id()))).build())
                .stream().map(i -> account(new Read(i))).toList();
    }

    /** The account a platform id belongs to (webhook routing); empty for accounts the suite does not know. */
    public Optional<Account> findByExternalId(Network network, String externalId) {
        if (externalId == null) {
            return Optional.empty();
        }
        var ref = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Table.key(refPk(network, externalId), "ACCOUNTREF")).build()).item();
        if (ref == null || ref.isEmpty()) {
            return Optional.empty();
        }
        Read r = new Read(ref);
        return getAccount(r.s("brandId"), r.s("accountId"));
    }

    private static String refPk(Network network, String externalId) {
        return "ACCOUNTREF#" + network.id() + "#" + externalId;
    }

    private Map<String, AttributeValue> accountItem(Account a) {
        return new Item().key(brandPk(a.brandId()), "ACCOUNT#" + a.id()).put("type", "account")
                .put(Table.GSI1_PK, "ACCOUNTS#" + a.network().id()).put(Table.GSI1_SK, a.brandId() + "#" + a.id())
                .put("id", a.id()).put("brandId", a.brandId()).put("network", a.network().id())
                .put("handle", a.handle()).put("externalId", a.externalId()).put("baseUrl", a.baseUrl())
                .put("secretRef", a.secretRef()).put("status", a.status().name())
                .put("settings", Json.write(a.settings())).put("createdAt", a.createdAt()).build();
    }

    private static Account account(Read r) {
        String settings = r.s("settings");
        return new Account(r.s("id"), r.s("brandId"), Network.of(r.s("network")), r.s("handle"), r.s("externalId"),
                r.s("baseUrl"), r.s("secretRef"), Account.Status.valueOf(r.s("status")),
                settings == null ? Map.of() : Json.MAPPER.convertValue(Json.tree(settings), STRING_MAP),
                r.time("createdAt"));
    }

    // ---- subscriptions

    public void putSubscription(Subscription s) {
        Item item = new Item().key(brandPk(s.brandId()), "SUB#" + s.id()).put("type", "subscription")
                .put("id", s.id()).put("brandId", s.brandId()).put("email", s.email())
                .put("cadence", s.cadence().name()).put("hour", s.hour())
                .put("weekday", s.weekday() == null ? null : s.weekday().name())
                .put("timezone", s.timezone().getId()).put("language", s.language()).put("active", s.active())
                .put("createdAt", s.createdAt());
        if (s.active()) { // sparse: only active subscriptions are on the digest's work list
            item.put(Table.GSI1_PK, "SUBSCRIPTIONS").put(Table.GSI1_SK, s.brandId() + "#" + s.id());
        }
        table.put(item.build(), null);
    }

    public Optional<Subscription> getSubscription(String brandId, String subscriptionId) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Table.key(brandPk(brandId), "SUB#" + subscriptionId)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(subscription(new Read(item)));
    }

    public List<Subscription> listSubscriptions(String brandId) {
        return table.queryAll(QueryRequest.builder().tableName(table.name())
                .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":pk", Table.s(brandPk(brandId)), ":p", Table.s("SUB#")))
                .build()).stream().map(i -> subscription(new Read(i))).toList();
    }

    /** Every active subscription, across brands (the hourly digest run); a Query on gsi1. */
    public List<Subscription> listActiveSubscriptions() {
        return table.queryAll(QueryRequest.builder().tableName(table.name()).indexName(Table.GSI1)
                .keyConditionExpression("gsi1pk = :pk")
                .expressionAttributeValues(Map.of(":pk", Table.s("SUBSCRIPTIONS"))).build())
                .stream().map(i -> subscription(new Read(i))).toList();
    }

    private static Subscription subscription(Read r) {
        String weekday = r.s("weekday");
        return new Subscription(r.s("id"), r.s("brandId"), r.s("email"), Subscription.Cadence.valueOf(r.s("cadence")),
                (int) r.n("hour", 0), weekday == null ? null : DayOfWeek.valueOf(weekday), ZoneId.of(r.s("timezone")),
                r.s("language"), r.bool("active"), r.time("createdAt"));
    }
}
