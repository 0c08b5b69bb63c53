package io.cmautopilot.intake;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.intake.bluesky.BlueskyPoller;
import io.cmautopilot.intake.bluesky.BlueskySessions;
import io.cmautopilot.intake.mastodon.MastodonPoller;
import io.cmautopilot.intake.poll.PollCursorStore;
import io.cmautopilot.intake.poll.PollFailed;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.Events;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PollHandlerTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @RegisterExtension
    static WireMockExtension api = WireMocks.server();
    @TempDir
    Path dir;
    IntakeFixture f;
    PollCursorStore cursors;
    BlueskySessions sessions;
    MastodonPoller mastodon;
    BlueskyPoller bluesky;
    PollHandler handler;

    @BeforeEach
    void setUp() {
        f = new IntakeFixture(new Table(dynamo.client(), dynamo.tableName()), dir).withBrand();
        cursors = new PollCursorStore(f.table, f.clock);
        HttpClient http = HttpClient.newHttpClient();
        sessions = new BlueskySessions(http, f.secrets);
        mastodon = new MastodonPoller(http, f.secrets, cursors, f.intake);
        bluesky = new BlueskyPoller(sessions, cursors, f.intake, f.clock);
        handler = new PollHandler(f.brands, java.util.List.of(mastodon, bluesky));
    }

    private static String sample(String name) {
        return Events.text("intake/api/" + name);
    }

    @Nested
    class Mastodon {
        Account account;

        @BeforeEach
        void account() {
            String ref = f.secrets.createMap("acme-md-poll", Map.of("accessToken", "md-token"));
            account = f.account("mdp", Network.MASTODON, "109876543210-poll", api.baseUrl() + "/", ref);
        }

        private void page(String minId, String sample, String prevMinId) {
            var query = minId == null ? absent() : equalTo(minId);
            var response = okJson(sample(sample));
            if (prevMinId != null) {
                response = response.withHeader("Link", "<" + api.baseUrl()
                        + "/api/v1/notifications?types%5B%5D=mention&max_id=1>; rel=\"next\", <" + api.baseUrl()
                        + "/api/v1/notifications?types%5B%5D=mention&limit=40&min_id=" + prevMinId + ">; rel=\"prev\"");
            }
            api.stubFor(get(urlPathEqualTo("/api/v1/notifications")).withQueryParam("types[]", equalTo("mention"))
                    .withQueryParam("min_id", query).withHeader("Authorization", equalTo("Bearer md-token"))
                    .willReturn(response));
        }

        private void empty(String minId) {
            api.stubFor(get(urlPathEqualTo("/api/v1/notifications")).withQueryParam("min_id", equalTo(minId))
                    .willReturn(okJson("[]")));
        }

        @Test
        void the_first_poll_reads_the_newest_page_and_sets_the_cursor() {
            page(null, "mastodon-notifications-first.json", null);

            var r = mastodon.poll(account);

            assertThat(r.stored()).isEqualTo(2);
            assertThat(cursors.get(account)).contains("300");
            Comment reply = f.find(Network.MASTODON, "113567812345678902").orElseThrow();
            assertThat(reply.text()).isEqualTo("@acme the zip broke after a week & support won't answer\n\nNot happy.");
            assertThat(reply.language()).isEqualTo("fr");
            assertThat(reply.author().handle()).isEqualTo("lea");
            assertThat(reply.brandId()).isEqualTo("acme");
            assertThat(reply.accountId()).isEqualTo("mdp");
            assertThat(f.find(Network.MASTODON, "113567812345678903").orElseThrow().kind())
                    .isEqualTo(Comment.Kind.MENTION);
            assertThat(f.bus.events()).hasSize(2);
        }

        @Test
        void later_polls_follow_the_link_header_towards_the_present() {
            cursors.put(account, "300");
            page("300", "mastodon-notifications-newer.json", "302");
            empty("302");

            var r = mastodon.poll(account);

            assertThat(r.stored()).isEqualTo(2);
            assertThat(cursors.get(account)).contains("302");
            assertThat(f.find(Network.MASTODON, "113567812345678905").orElseThrow().text())
                    .isEqualTo("@acme thanks, the replacement arrived!\nGreat service.");
            api.verify(getRequestedFor(urlPathEqualTo("/api/v1/notifications")).withQueryParam("min_id",
                    equalTo("302")));
        }

        @Test
        void a_failing_poll_keeps_its_cursor_and_the_next_one_catches_up() {
            cursors.put(account, "300");
            api.stubFor(get(urlPathEqualTo("/api/v1/notifications")).withQueryParam("min_id", equalTo("300"))
                    .willReturn(serverError()));

            assertThatThrownBy(() -> mastodon.poll(account)).isInstanceOf(PollFailed.class);
            assertThat(cursors.get(account)).contains("300");

            page("300", "mastodon-notifications-newer.json", "302");
            page("302", "mastodon-notifications-latest.json", "303");
            api.stubFor(get(urlPathEqualTo("/api/v1/notifications")).withQueryParam("min_id", equalTo("303"))
                    .willReturn(serverError()));
            assertThatThrownBy(() -> mastodon.poll(account)).isInstanceOf(PollFailed.class);
            assertThat(cursors.get(account)).as("pages stored before the failure moved it").contains("303");

            empty("303");
            mastodon.poll(account);
            assertThat(f.find(Network.MASTODON, "113567812345678904")).isPresent();
            assertThat(f.find(Network.MASTODON, "113567812345678905")).isPresent();
            assertThat(f.find(Network.MASTODON, "113567812345678906")).isPresent();
            assertThat(f.bus.events()).as("each comment announced once").hasSize(3);
        }

        @Test
        void a_link_to_another_host_is_not_followed_with_our_token() {
            cursors.put(account, "300");
            api.stubFor(get(urlPathEqualTo("/api/v1/notifications")).withQueryParam("min_id", equalTo("300"))
                    .willReturn(okJson(sample("mastodon-notifications-newer.json")).withHeader("Link",
                            "<https://evil.example/api/v1/notifications?min_id=302>; rel=\"prev\"")));

            mastodon.poll(account);

            assertThat(cursors.get(account)).contains("302");
            api.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/notifications")));
        }
    }

    @Nested
    class Bluesky {
        Account account;

        @BeforeEach
        void account() {
            String ref = f.secrets.createMap("acme-bs-poll", Map.of("identifier", "acmeoutdoor.bsky.social",
                    "appPassword", "abcd-efgh-ijkl-mnop"));
            account = f.account("bs", Network.BLUESKY, "did:plc:acmeoutdoor", api.baseUrl(), ref);
            api.stubFor(post("/xrpc/com.atproto.server.createSession")
                    .withRequestBody(equalToJson("{\"identifier\":\"acmeoutdoor.bsky.social\",\"password\":\"abcd-efgh-ijkl-mnop\"}"))
                    .willReturn(okJson(sample("bluesky-create-session.json"))));
            // the first poll pages on into the backlog: the second page reaches past the 7-day window
            list("2026-12-01T08:57:00.500Z", "bluesky-notifications-backlog.json", "access-1");
        }

        private void list(String cursor, String sample, String token) {
            api.stubFor(get(urlPathEqualTo("/xrpc/app.bsky.notification.listNotifications"))
                    .withQueryParam("cursor", cursor == null ? absent() : equalTo(cursor))
                    .withHeader("Authorization", equalTo("Bearer " + token))
                    .willReturn(okJson(sample(sample))));
        }

        @Test
        void the_first_poll_reads_the_backlog_of_the_window_in_full() {
            list(null, "bluesky-notifications-first.json", "access-1");

            var r = bluesky.poll(account);

            // both pages: two from today, one from three days ago; the one older than 7 days is left out
            assertThat(r.stored()).isEqualTo(3);
            assertThat(f.find(Network.BLUESKY, "at://did:plc:sam/app.bsky.feed.post/3lbp0000000b1")).isPresent();
            assertThat(f.find(Network.BLUESKY, "at://did:plc:old/app.bsky.feed.post/3lbn0000000b2")).isEmpty();
            api.verify(2, getRequestedFor(urlPathEqualTo("/xrpc/app.bsky.notification.listNotifications")));
            api.verify(0, getRequestedFor(urlPathEqualTo("/xrpc/app.bsky.notification.listNotifications"))
                    .withQueryParam("cursor", equalTo("2026-11-20T10:00:00.000Z")));
            Comment reply = f.find(Network.BLUESKY, "at://did:plc:nora/app.bsky.feed.post/3lbr0000000a1")
                    .orElseThrow();
            assertThat(reply.kind()).isEqualTo(Comment.Kind.REPLY);
            assertThat(reply.author().handle()).isEqualTo("nora.bsky.social");
            assertThat(reply.parentExternalId()).isEqualTo("at://did:plc:acmeoutdoor/app.bsky.feed.post/3lbqxyz2a2k2c");
            assertThat(reply.permalink()).isEqualTo("https://bsky.app/profile/nora.bsky.social/post/3lbr0000000a1");
            assertThat(cursors.get(account)).contains("2026-12-01T08:58:01.200Z");
            api.verify(getRequestedFor(urlPathEqualTo("/xrpc/app.bsky.notification.listNotifications"))
                    .withQueryParam("reasons", havingExactly("reply", "mention", "quote")));
        }

        @Test
        void later_polls_page_back_to_the_watermark_reusing_the_session() {
            list(null, "bluesky-notifications-first.json", "access-1");
            bluesky.poll(account);
            list(null, "bluesky-notifications-newest.json", "access-1");
            list("2026-12-01T09:04:00.300Z", "bluesky-notifications-older.json", "access-1");

            var r = bluesky.poll(account);

            assertThat(r.stored()).isEqualTo(3);
            assertThat(f.find(Network.BLUESKY, "at://did:plc:lea/app.bsky.feed.post/3lbr0000000a4")
                    .orElseThrow().kind()).isEqualTo(Comment.Kind.QUOTE);
            assertThat(f.find(Network.BLUESKY, "at://did:plc:lea/app.bsky.feed.post/3lbr0000000a4")
                    .orElseThrow().language()).isEqualTo("fr");
            assertThat(cursors.get(account)).contains("2026-12-01T09:06:00.900Z");
            assertThat(sessions.logins(account)).isEqualTo(1);
            api.verify(1, postRequestedFor(urlPathEqualTo("/xrpc/com.atproto.server.createSession")));
            assertThat(f.bus.events()).hasSize(6);
        }

        @Test
        void an_expired_access_token_is_refreshed_not_logged_in_again() {
            list(null, "bluesky-notifications-first.json", "access-1");
            bluesky.poll(account);
            api.stubFor(get(urlPathEqualTo("/xrpc/app.bsky.notification.listNotifications"))
                    .withHeader("Authorization", equalTo("Bearer access-1"))
                    .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                            .withBody("{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}")));
            api.stubFor(post("/xrpc/com.atproto.server.refreshSession")
                    .withHeader("Authorization", equalTo("Bearer refresh-1"))
                    .willReturn(okJson(sample("bluesky-refresh-session.json"))));
            list(null, "bluesky-notifications-newest.json", "access-2");
            list("2026-12-01T09:04:00.300Z", "bluesky-notifications-older.json", "access-2");

            bluesky.poll(account);

            assertThat(sessions.logins(account)).isEqualTo(1);
            api.verify(1, postRequestedFor(urlPathEqualTo("/xrpc/com.atproto.server.refreshSession")));
            assertThat(f.find(Network.BLUESKY, "at://did:plc:tom/app.bsky.feed.post/3lbr0000000a3")).isPresent();
        }

        @Test
        void a_poll_failing_midway_keeps_the_watermark_and_the_next_one_reads_the_gap() {
            list(null, "bluesky-notifications-first.json", "access-1");
            bluesky.poll(account);
            list(null, "bluesky-notifications-newest.json", "access-1");
            api.stubFor(get(urlPathEqualTo("/xrpc/app.bsky.notification.listNotifications"))
                    .withQueryParam("cursor", equalTo("2026-12-01T09:04:00.300Z")).willReturn(serverError()));

            assertThatThrownBy(() -> bluesky.poll(account)).isInstanceOf(PollFailed.class);
            assertThat(cursors.get(account)).contains("2026-12-01T08:58:01.200Z");

            list("2026-12-01T09:04:00.300Z", "bluesky-notifications-older.json", "access-1");
            bluesky.poll(account);

            assertThat(f.find(Network.BLUESKY, "at://did:plc:ana/app.bsky.feed.post/3lbr0000000a2"))
                    .as("the notification in the gap").isPresent();
            assertThat(cursors.get(account)).contains("2026-12-01T09:06:00.900Z");
            assertThat(f.bus.events()).as("each comment announced once").hasSize(6);
        }
    }

    @Nested
    class Handler {
        @Test
        void one_account_failing_does_not_stop_the_others() {
            String md = f.secrets.createMap("md-down", Map.of("accessToken", "t"));
            f.account("down", Network.MASTODON, "1-down", api.baseUrl() + "/down", md);
            String ok = f.secrets.createMap("md-up", Map.of("accessToken", "t"));
            f.account("up", Network.MASTODON, "1-up", api.baseUrl() + "/up", ok);
            api.stubFor(get(urlPathEqualTo("/down/api/v1/notifications")).willReturn(serverError()));
            api.stubFor(get(urlPathEqualTo("/up/api/v1/notifications"))
                    .willReturn(okJson(sample("mastodon-notifications-first.json"))));

            Map<String, Integer> summary = handler.handleRequest(Events.scheduled("intake/poll-schedule.json"), null);

            // the fixture's own mastodon account has no instance URL nor token: it fails too, alone
            assertThat(summary).containsEntry("accounts", 3).containsEntry("failed", 2).containsEntry("stored", 2);
            assertThat(f.find(Network.MASTODON, "113567812345678902").orElseThrow().accountId())
                    .isEqualTo("up");
        }
    }
}
