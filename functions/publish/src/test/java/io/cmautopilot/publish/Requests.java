package io.cmautopilot.publish;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.core.post.PostTarget;
import io.cmautopilot.core.secrets.Secrets;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static io.cmautopilot.publish.Fixtures.T0;

/** Publish requests for network publisher tests, without a table. */
public final class Requests {
    private Requests() {
    }

    public static Account account(Network network, String baseUrl, String externalId) {
        return new Account("a1", "acme", network, "acme", externalId, baseUrl, "ref-a1", Account.Status.ACTIVE,
                Map.of(), T0);
    }

    public static PublishRequest request(Account account, Credentials credentials, List<String> parts,
                                         List<Post.Media> media, Map<String, String> checkpoint) {
        PostTarget target = PostTarget.scheduled("P1", "acme", account.id(), account.network(), T0, T0);
        Post post = Post.builder().id("P1").brandId("acme").text(String.join(" ", parts)).media(media).publishAt(T0)
                .zone(ZoneId.of("Europe/Paris")).createdAt(T0).targets(List.of(target)).build();
        return new PublishRequest(post, target, account, credentials, parts, media, "en", checkpoint);
    }

    public static PublishRequest request(Account account, Map<String, String> credentials, String... parts) {
        return request(account, new Credentials("ref-a1", credentials, null), List.of(parts), List.of(), Map.of());
    }

    /** Secrets in memory, to observe what a publisher stores (token refresh, sessions). */
    public static final class MemorySecrets implements Secrets {
        public final Map<String, String> values = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public String create(String name, String value) {
            values.put(name, value);
            return name;
        }

        @Override
        public String get(String ref) {
            String v = values.get(ref);
            if (v == null) {
                throw new IllegalStateException("unknown secret reference");
            }
            return v;
        }

        @Override
        public void update(String ref, String value) {
            values.put(ref, value);
        }
    }
}
