package io.cmautopilot.publish.reply;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Account;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.comment.Comment;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.reply.Reply;
import io.cmautopilot.core.secrets.Secrets;
import io.cmautopilot.publish.Credentials;
import io.cmautopilot.publish.NetworkPublishers;
import io.cmautopilot.publish.NetworkRepliers;
import io.cmautopilot.publish.PublishResult;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inbox's immediate platform calls, made while a person waits (the API answers with their outcome): hide or
 * show a comment again, delete a reply we sent. Through the same reply clients, credentials and outcome
 * classification as publishing, on the account that received the comment.
 */
public final class InboxActions {
    private final BrandStore brands;
    private final Secrets secrets;
    private final Map<Network, NetworkReplier> networks = new EnumMap<>(Network.class);

    public InboxActions(BrandStore brands, Secrets secrets, List<NetworkReplier> networks) {
        this.brands = brands;
        this.secrets = secrets;
        networks.forEach(n -> this.networks.put(n.network(), n));
    }

    public static InboxActions from(Services services) {
        return new InboxActions(new BrandStore(services.table()), services.secrets(),
                NetworkRepliers.from(services, NetworkPublishers.from(services)));
    }

    public boolean canHide(Network network) {
        NetworkReplier n = networks.get(network);
        return n != null && n.canHide();
    }

    /** Hides ({@code hidden}) or shows again a comment on its network. */
    public PublishResult hide(Comment c, boolean hidden) {
        NetworkReplier n = networks.get(c.network());
        if (n == null || !n.canHide()) {
            return new PublishResult.Rejected(c.network().id() + ": hiding a comment is not possible through its API");
        }
        return moderation(c).map(m -> n.hide(m, hidden))
                .orElseGet(() -> new PublishResult.Rejected("the account that received the comment is gone"));
    }

    /** Deletes a reply we published. */
    public PublishResult delete(Comment c, Reply r) {
        NetworkReplier n = networks.get(r.network());
        if (n == null) {
            return new PublishResult.Rejected(r.network().id() + ": replies are not enabled here");
        }
        return moderation(c).map(m -> n.delete(m, r.remoteId()))
                .orElseGet(() -> new PublishResult.Rejected("the account that received the comment is gone"));
    }

    private Optional<NetworkReplier.Moderation> moderation(Comment c) {
        if (c.accountId() == null) {
            return Optional.empty();
        }
        return brands.getAccount(c.brandId(), c.accountId()).map(a -> new NetworkReplier.Moderation(c, a,
                credentials(a)));
    }

    private Credentials credentials(Account a) {
        return new Credentials(a.secretRef(), a.secretRef() == null ? Map.of() : secrets.getMap(a.secretRef()),
                secrets);
    }
}
