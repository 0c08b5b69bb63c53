package io.cmautopilot.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP JSON client of the CLI commands. The local runtime (a loopback endpoint) is called as is; any other
 * endpoint is the deployed, IAM-authorised HTTP API and is called with SigV4 ({@code execute-api}) using the
 * default AWS credentials chain and the region of the endpoint's host name (or {@code AWS_REGION}).
 */
public final class ApiClient {
    private static final Pattern API_HOST = Pattern.compile("[a-z0-9]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com");
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final boolean sign;
    private final String region;

    /** The answer: status, content type and body. */
    public record Response(int status, String contentType, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return Json.tree(body);
            } catch (IOException e) {
                return Json.object().put("message", text());
            }
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** The endpoint did not answer at all. */
    public static final class Unreachable extends RuntimeException {
        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public ApiClient(String endpoint) {
        this(endpoint, null);
    }

    /** {@code sign}: force SigV4 on or off (tests); null decides by the host (loopback: off). */
    ApiClient(String endpoint, Boolean sign) {
        String e = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        try {
            this.endpoint = URI.create(e);
        } catch (IllegalArgumentException ex) {
            throw new Args.UsageException("--endpoint '" + endpoint + "' is not a URL");
        }
        if (this.endpoint.getScheme() == null || this.endpoint.getHost() == null) {
            throw new Args.UsageException("--endpoint '" + endpoint + "' is not an http(s) URL");
        }
        String host = this.endpoint.getHost().toLowerCase(Locale.ROOT);
        this.sign = sign != null ? sign
                : !(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.equals("[::1]"));
        Matcher m = API_HOST.matcher(host);
        this.region = m.matches() ? m.group(1) : configuredRegion();
    }

    /** The region the SDK would use (aws.region, AWS_REGION, the profile), or null. */
    private static String configuredRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (RuntimeException e) {
            return null;
        }
    }

    String region() {
        return region;
    }

    public URI endpoint() {
        return endpoint;
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Response post(String path, JsonNode body) {
        return send("POST", path, body == null ? null : Json.writeBytes(body), "application/json");
    }

    public Response send(String method, String path, byte[] body, String contentType) {
        return send(method, path, body, contentType, java.util.Map.of());
    }

    public Response send(String method, String path, byte[] body, String contentType, java.util.Map<String, String> headers) {
        URI uri = URI.create(endpoint + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("content-type", contentType);
        }
        b.header("accept", "application/json");
        headers.forEach(b::header);
        if (sign) {
            signInto(b, method, uri, body, contentType);
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
        } catch (ConnectException e) {
            throw new Unreachable("cannot reach " + endpoint + (sign ? "" : " (is './cm up' running? start it in another terminal)"), e);
        } catch (HttpTimeoutException e) {
            throw new Unreachable(endpoint + " did not answer in time", e);
        } catch (IOException e) {
            throw new Unreachable("cannot talk to " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted", e);
        }
    }

    /** SigV4 for the IAM-authorised HTTP API (service name {@code execute-api}). */
    private void signInto(HttpRequest.Builder b, String method, URI uri, byte[] body, String contentType) {
        if (region == null) {
            throw new Args.UsageException("cannot tell the AWS region of " + endpoint + "; set AWS_REGION or a profile region");
        }
        AwsCredentials credentials;
        try (DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build()) {
            credentials = provider.resolveCredentials();
        } catch (RuntimeException e) {
            throw new Unreachable("no AWS credentials for SigV4 (configure them as for the AWS CLI): " + e.getMessage(), e);
        }
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method))
                .putHeader("accept", "application/json");
        if (contentType != null) {
            request.putHeader("content-type", contentType);
        }
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request.build())
                .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        signed.request().headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!RESTRICTED.contains(lower) && !lower.equals("content-type") && !lower.equals("accept")) {
                values.forEach(v -> b.header(name, v));
            }
        });
    }
}
