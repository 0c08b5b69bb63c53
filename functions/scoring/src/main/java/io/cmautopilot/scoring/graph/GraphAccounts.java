package io.cmautopilot.scoring.graph;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.secrets.Secrets;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What scoring needs to call the Graph API about a comment: the base URL ({@code CM_GRAPH_API_URL}), the shared HTTP
 * client, and the token of the account the comment came to (a Facebook page's {@code pageAccessToken}, an Instagram
 * account's {@code accessToken}). Tokens are read from the secrets store on use and never logged.
 */
public final class GraphAccounts {
    public static final String DEFAULT_GRAPH_URL = io.cmautopilot.core.platform.PlatformVersions.graphApiUrl();
    private final HttpClient http;
    private final String graphUrl;
    private final BrandStore brands;
    private final Secrets secrets;

    public GraphAccounts(HttpClient http, String graphUrl, BrandStore brands, Secrets secrets) {
        this.http = http;
        this.graphUrl = graphUrl.endsWith("/") ? graphUrl.substring(0, graphUrl.length() - 1) : graphUrl;
        this.brands = brands;
        this.secrets = secrets;
    }

    public HttpClient http() {
        return http;
    }

    /** {@code <graph>/<id>} with the id URL-encoded; {@code query} (already encoded) is appended when given. */
    public URI node(String id, String query) {
        String base = graphUrl + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        return URI.create(query == null ? base : base + "?" + query);
    }

    /** The account the comment came to, when it is known and has credentials. */
    public Optional<Account> account(Comment c) {
        if (c.accountId() == null) {
            return Optional.empty();
        }
        return brands.getAccount(c.brandId(), c.accountId()).filter(a -> a.secretRef() != null);
    }

    /** The Graph token of the comment's account, if any. */
    public Optional<String> token(Comment c) {
        return account(c).map(a -> secrets.getMap(a.secretRef())
                        .get(c.network() == Network.FACEBOOK ? "pageAccessToken" : "accessToken"))
                .filter(t -> !t.isBlank());
    }
}
