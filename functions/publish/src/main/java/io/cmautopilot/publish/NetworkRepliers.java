package io.cmautopilot.publish;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.config.Services;
import io.cmautopilot.publish.bluesky.BlueskyPublisher;
import io.cmautopilot.publish.bluesky.BlueskyReplies;
import io.cmautopilot.publish.linkedin.LinkedInPublisher;
import io.cmautopilot.publish.linkedin.LinkedInReplies;
import io.cmautopilot.publish.local.LocalSinkReplies;
import io.cmautopilot.publish.mastodon.MastodonReplies;
import io.cmautopilot.publish.meta.MetaReplies;
import io.cmautopilot.publish.reply.NetworkReplier;
import io.cmautopilot.publish.x.XPublisher;
import io.cmautopilot.publish.x.XReplies;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply clients of a deployment, built next to the network publishers and sharing what must be shared: X's
 * token refresh and Bluesky's sessions belong to their publishers, so a token refreshed or a session created while
 * replying serves publishing too. Same base-URL overrides as {@link NetworkPublishers}.
 */
public final class NetworkRepliers {
    private NetworkRepliers() {
    }

    public static List<NetworkReplier> from(Services services, List<NetworkPublisher> publishers) {
        PlatformHttp http = new PlatformHttp(services.http(), services.clock(), NetworkPublishers.REQUEST_TIMEOUT);
        List<NetworkReplier> out = new ArrayList<>();
        out.add(new MastodonReplies(http));
        for (NetworkPublisher p : publishers) {
            if (p instanceof XPublisher x) {
                out.add(new XReplies(x));
            } else if (p instanceof BlueskyPublisher b) {
                out.add(new BlueskyReplies(b));
            }
        }
        out.add(new LinkedInReplies(http, services.env().get("CM_LINKEDIN_API_URL", "https://api.linkedin.com"),
                services.env().get("CM_LINKEDIN_VERSION", LinkedInPublisher.DEFAULT_VERSION)));
        String graph = services.env().get("CM_GRAPH_API_URL", NetworkPublishers.GRAPH_API_URL);
        out.add(new MetaReplies(Network.FACEBOOK, http, graph));
        out.add(new MetaReplies(Network.INSTAGRAM, http, graph));
        services.env().optional("CM_LOCAL_SINK_DIR")
                .ifPresent(dir -> out.add(new LocalSinkReplies(Path.of(dir), services.clock())));
        return out;
    }
}
