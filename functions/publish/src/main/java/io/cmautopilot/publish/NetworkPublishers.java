package io.cmautopilot.publish;

import io.cmautopilot.core.config.Services;
import io.cmautopilot.core.platform.PlatformVersions;
import io.cmautopilot.publish.bluesky.BlueskyPublisher;
import io.cmautopilot.publish.linkedin.LinkedInPublisher;
import io.cmautopilot.publish.local.LocalSinkPublisher;
import io.cmautopilot.publish.meta.FacebookPublisher;
import io.cmautopilot.publish.meta.InstagramPublisher;
import io.cmautopilot.publish.mastodon.MastodonPublisher;
import io.cmautopilot.publish.x.XPublisher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The network publishers of a deployment, built once from {@link Services}. Platform base URLs are overridable by
 * environment (tests, proxies): {@code CM_X_API_URL}, {@code CM_LINKEDIN_API_URL}, {@code CM_GRAPH_API_URL}. The
 * local sink exists only where {@code CM_LOCAL_SINK_DIR} is set (the local runtime).
 */
public final class NetworkPublishers {
    /** Longer than any platform's usual answer time, well inside the lease. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** The Graph API root with the version pinned in core (PlatformVersions). */
    public static final String GRAPH_API_URL = PlatformVersions.graphApiUrl();

    private NetworkPublishers() {
    }

    public static List<NetworkPublisher> from(Services services) {
        PlatformHttp http = new PlatformHttp(services.http(), services.clock(), REQUEST_TIMEOUT);
        List<NetworkPublisher> out = new ArrayList<>();
        MediaFetcher media = new MediaFetcher(services.http(), http);
        out.add(new MastodonPublisher(http, media, 5, Duration.ofSeconds(1)));
        out.add(new BlueskyPublisher(http, media));
        out.add(new XPublisher(http, services.env().get("CM_X_API_URL", "https://api.x.com"), media));
        out.add(new LinkedInPublisher(http, services.env().get("CM_LINKEDIN_API_URL", "https://api.linkedin.com"),
                services.env().get("CM_LINKEDIN_VERSION", PlatformVersions.LINKEDIN.version()), media));
        String graph = services.env().get("CM_GRAPH_API_URL", GRAPH_API_URL);
        out.add(new FacebookPublisher(http, graph));
        out.add(new InstagramPublisher(http, graph, 5, Duration.ofSeconds(2)));
        services.env().optional("CM_LOCAL_SINK_DIR")
                .ifPresent(dir -> out.add(new LocalSinkPublisher(Path.of(dir), services.clock())));
        return out;
    }
}
