package io.cmautopilot.core.brand;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.store.Conflict;
import io.cmautopilot.core.store.StoreFixture;
import io.cmautopilot.testing.DynamoDbExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrandStoreTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private BrandStore store() {
        return new BrandStore(StoreFixture.table(dynamo));
    }

    private static Brand brand(String id) {
        return new Brand(id, "Acme", ZoneId.of("Europe/Paris"), "fr", null, "ref", T0);
    }

    private static Account account(String brand, String id, Network network, String externalId) {
        return new Account(id, brand, network, "@" + id, externalId, "https://m.example", "secret-ref",
                Account.Status.ACTIVE, Map.of("maxCharacters", "1000"), T0);
    }

    @Test
    void a_brand_is_created_once_and_reads_back_with_default_settings() {
        store().create(brand("acme"));
        assertThatThrownBy(() -> store().create(brand("acme"))).isInstanceOf(Conflict.class);

        Brand read = store().get("acme").orElseThrow();
        assertThat(read.settings().crisis().minNegative()).isEqualTo(10);
        store().update(read.withSettings(new BrandSettings(List.of("recall"), List.of(), null, true, null)));
        assertThat(store().get("acme").orElseThrow().settings().watchlist()).containsExactly("recall");
        assertThatThrownBy(() -> store().update(brand("ghost"))).isInstanceOf(Conflict.class);
    }

    @Test
    void accounts_list_per_brand_per_network_and_route_by_external_id() {
        store().create(brand("acme"));
        store().create(brand("bolt"));
        store().createAccount(account("acme", "a1", Network.MASTODON, "109"));
        store().createAccount(account("acme", "a2", Network.BLUESKY, null));
        store().createAccount(account("bolt", "b1", Network.MASTODON, "110"));

        assertThat(store().listAccounts("acme")).extracting(Account::id).containsExactlyInAnyOrder("a1", "a2");
        assertThat(store().listAccountsOn(Network.MASTODON)).extracting(Account::id).containsExactlyInAnyOrder("a1", "b1");
        assertThat(store().findByExternalId(Network.MASTODON, "110")).map(Account::brandId).contains("bolt");
        assertThat(store().findByExternalId(Network.X, "110")).isEmpty();
        assertThat(store().getAccount("acme", "a1").orElseThrow().settings()).containsEntry("maxCharacters", "1000");
    }

    @Test
    void a_network_id_connects_to_one_account_only_and_a_refused_account_leaves_nothing() {
        store().createAccount(account("acme", "a1", Network.FACEBOOK, "page-1"));

        assertThatThrownBy(() -> store().createAccount(account("bolt", "b1", Network.FACEBOOK, "page-1")))
                .isInstanceOf(Conflict.class);
        assertThat(store().listAccounts("bolt")).isEmpty();
    }

    @Test
    void account_status_changes() {
        store().createAccount(account("acme", "a1", Network.X, "42"));
        store().setAccountStatus("acme", "a1", Account.Status.NEEDS_RECONNECT);
        assertThat(store().getAccount("acme", "a1").orElseThrow().status()).isEqualTo(Account.Status.NEEDS_RECONNECT);
    }

    @Test
    void only_active_subscriptions_are_on_the_digest_work_list() {
        var daily = new Subscription("s1", "acme", "a@acme.example", Subscription.Cadence.DAILY, 8, null,
                ZoneId.of("Europe/Paris"), "fr", true, T0);
        var weekly = new Subscription("s2", "bolt", "b@bolt.example", Subscription.Cadence.WEEKLY, 9, DayOfWeek.MONDAY,
                ZoneId.of("America/New_York"), "en", true, T0);
        store().putSubscription(daily);
        store().putSubscription(weekly);
        store().putSubscription(daily.withActive(false));

        assertThat(store().listActiveSubscriptions()).extracting(Subscription::id).containsExactly("s2");
        assertThat(store().listSubscriptions("acme")).singleElement().satisfies(s -> assertThat(s.active()).isFalse());
        assertThat(store().getSubscription("bolt", "s2").orElseThrow().weekday()).isEqualTo(DayOfWeek.MONDAY);
    }
}
