package io.cmautopilot.publish.linkedin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.Network;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.publish.NetworkPublisher;
import io.cmautopilot.publish.PlatformHttp;
import io.cmautopilot.publish.PlatformHttp.Answered;
import io.cmautopilot.publish.PublishRequest;
import io.cmautopilot.publish.PublishResult;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * LinkedIn: {@code POST /rest/posts} (Posts API, versioned) with {@code Linkedin-Version: YYYYMM} and
 * {@code X-Restli-Protocol-Version: 2.0.0}; the new post's URN comes back in the {@code x-restli-id} header of the
 * 201. The author is the account's {@code externalId}: a full URN ({@code urn:li:organization:…} or
 * {@code urn:li:person:…}), or a bare number taken as an organization id. {@code commentary} is in LinkedIn's "little
 * text" format, where {@code | { } @ [ ] ( ) < > # \ * _ ~} are reserved and must be backslash-escaped, or the text is
 * cut or refused. LinkedIn publishes no rate headers (a 429 falls back to our backoff), and programmatic refresh
 * tokens are for approved partners only: a 401 asks for a reconnect.
 */
public final class LinkedInPublisher implements NetworkPublisher {
    /** A version LinkedIn supports for a year after its release; override with CM_LINKEDIN_VERSION. */
    public static final String DEFAULT_VERSION = "202510";
    private static final Pattern RESERVED = Pattern.compile("([|{}@\\[\\]()<>#\\\\*_~])");
    private final PlatformHttp http;
    private final String baseUrl;
    private final String version;

    public LinkedInPublisher(PlatformHttp http, String baseUrl, String version) {
        this.http = http;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.version = version;
    }

    @Override
    public Network network() {
        return Network.LINKEDIN;
    }

    static String littleText(String text) {
        return RESERVED.matcher(text).replaceAll("\\\\$1");
    }

    static Optional<String> author(String externalId) {
        if (externalId == null || externalId.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(externalId.startsWith("urn:li:") ? externalId : "urn:li:organization:" + externalId);
    }

    @Override
    public PublishResult publish(PublishRequest request) {
        Optional<String> token = request.credentials().get("accessToken");
        if (token.isEmpty()) {
            return new PublishResult.NeedsReconnect("no accessToken stored for this account");
        }
        Optional<String> author = author(request.account().externalId());
        if (author.isEmpty()) {
            return new PublishResult.Rejected("the LinkedIn account has no externalId (author URN)");
        }
        if (!request.media().isEmpty()) {
            return new PublishResult.Rejected("media on LinkedIn are not supported yet");
        }
        ObjectNode body = Json.object().put("author", author.get())
                .put("commentary", littleText(String.join("\n\n", request.parts())))
                .put("visibility", "PUBLIC").put("lifecycleState", "PUBLISHED")
                .put("isReshareDisabledByAuthor", false);
        ObjectNode distribution = body.putObject("distribution").put("feedDistribution", "MAIN_FEED");
        distribution.putArray("targetEntities");
        distribution.putArray("thirdPartyDistributionChannels");
        var exchange = http.send(http.request(URI.create(baseUrl + "/rest/posts"))
                .header("Authorization", "Bearer " + PlatformHttp.headerValue(token.get()))
                .header("Linkedin-Version", version).header("X-Restli-Protocol-Version", "2.0.0")
                .header("Content-Type", "application/json").POST(PlatformHttp.json(body)).build());
        if (exchange instanceof Answered a && a.ok()) {
            Optional<String> urn = a.header("x-restli-id");
            if (urn.isEmpty()) {
                return new PublishResult.Unconfirmed("LinkedIn answered " + a.status() + " without x-restli-id");
            }
            return new PublishResult.Published(urn.get(), "https://www.linkedin.com/feed/update/" + urn.get());
        }
        return http.classify(exchange, LinkedInPublisher::message);
    }

    /** LinkedIn errors: {@code {status, serviceErrorCode, code, message}}. */
    static String message(Answered a) {
        JsonNode body = a.json();
        String code = body.path("code").asText("");
        String message = body.path("message").asText(a.body());
        return code.isEmpty() ? message : code + ": " + message;
    }
}
