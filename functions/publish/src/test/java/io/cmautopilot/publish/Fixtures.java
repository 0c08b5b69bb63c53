package io.cmautopilot.publish;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.post.Post;
import io.cmautopilot.core.post.PostStore;
import io.cmautopilot.core.post.PostTarget;
import io.cmautopilot.core.post.Recurrence;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.core.store.Table;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Brands, accounts and posts written straight through the core stores, as the API would. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private final Table table;
    private final Secrets secrets;

    public Fixtures(Table table, Secrets secrets) {
        this.table = table;
        this.secrets = secrets;
    }

    public Brand brand(String id) {
        Brand b = new Brand(id, "Brand " + id, ZoneId.of("Europe/Paris"), "en", null, null, T0.minusSeconds(86400));
        new BrandStore(table).create(b);
        return b;
    }

    public Account account(String brandId, String accountId, Network network, String baseUrl, String externalId,
                           Map<String, String> credentials) {
        String ref = secrets.createMap(brandId + "/" + accountId, credentials);
        Account a = new Account(accountId, brandId, network, "@" + accountId, externalId, baseUrl, ref,
                Account.Status.ACTIVE, Map.of(), T0.minusSeconds(86400));
        new BrandStore(table).createAccount(a);
        return a;
    }

    public Post post(String postId, String brandId, String text, Instant at, Account... accounts) {
        return post(postId, brandId, text, at, null, false, accounts);
    }

    public Post post(String postId, String brandId, String text, Instant at, Recurrence recurrence, boolean thread,
                     Account... accounts) {
        List<PostTarget> targets = new ArrayList<>();
        for (Account a : accounts) {
            targets.add(PostTarget.scheduled(postId, brandId, a.id(), a.network(), at, at.minusSeconds(3600)));
        }
        Post p = Post.builder().id(postId).brandId(brandId).text(text).publishAt(at).zone(ZoneId.of("Europe/Paris"))
                .recurrence(recurrence).seriesId(recurrence == null ? null : postId)
                .occurrence(recurrence == null ? 0 : 1)
                .createdAt(at.minusSeconds(3600)).targets(targets).thread(thread).build();
        new PostStore(table).create(p);
        return p;
    }

    /** A post whose accounts also get {@code firstComment} right after it. */
    public Post postWithComment(String postId, String brandId, String text, Instant at, String firstComment,
                                Account... accounts) {
        List<PostTarget> targets = new ArrayList<>();
        for (Account a : accounts) {
            targets.add(PostTarget.scheduled(postId, brandId, a.id(), a.network(), at, at.minusSeconds(3600)));
        }
        Post p = Post.builder().id(postId).brandId(brandId).text(text).publishAt(at).zone(ZoneId.of("Europe/Paris"))
                .createdAt(at.minusSeconds(3600)).targets(targets)
                .firstComment(new Post.FirstComment(firstComment, Map.of())).build();
        new PostStore(table).create(p);
        return p;
    }
}
