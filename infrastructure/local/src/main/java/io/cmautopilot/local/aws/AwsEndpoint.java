package io.cmautopilot.local.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An AWS-compatible endpoint (moto, LocalStack) for EventBridge, SQS, SES v2 and Secrets Manager. The functions
 * reach it through the SDK's own endpoint settings, never through code of ours: {@code AWS_ENDPOINT_URL_<SERVICE>}
 * as environment variables, or their system-property twins ({@code aws.endpointUrl<Service>}), which is what one
 * process running several functions can set. Credentials are dummy ({@value #ACCESS_KEY}) so a real key never goes to
 * an emulator; DynamoDB is not listed and stays on DynamoDB Local.
 */
public record AwsEndpoint(URI uri, String region) {
    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test";
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    /** The SDK's variable → system property for each service the endpoint serves (read from the SDK's builders). */
    static final Map<String, String> SERVICES = Map.of(
            "AWS_ENDPOINT_URL_EVENTBRIDGE", "aws.endpointUrlEventBridge",
            "AWS_ENDPOINT_URL_SQS", "aws.endpointUrlSqs",
            "AWS_ENDPOINT_URL_SESV2", "aws.endpointUrlSesV2",
            "AWS_ENDPOINT_URL_SECRETS_MANAGER", "aws.endpointUrlSecretsManager");

    public AwsEndpoint {
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("AWS_REGION '" + region + "' is not a region name like us-east-1");
        }
    }

    /**
     * {@code --aws-endpoint URL}: http or https, a host, an optional port, no path, query or user info (what moto
     * and LocalStack listen on). The region is {@code AWS_REGION} (or {@code AWS_DEFAULT_REGION}), else us-east-1.
     */
    public static AwsEndpoint parse(String value, Map<String, String> environment) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--aws-endpoint needs a URL such as http://127.0.0.1:5000");
        }
        if (!value.contains("://")) {
            throw new IllegalArgumentException("--aws-endpoint '" + value + "' must start with http:// or https://"
                    + " (e.g. http://127.0.0.1:5000)");
        }
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--aws-endpoint '" + value + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("--aws-endpoint '" + value + "' must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("--aws-endpoint '" + value + "' has no host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))) {
            throw new IllegalArgumentException("--aws-endpoint '" + value
                    + "' must be scheme://host[:port] only (no path, query or user info)");
        }
        URI clean = URI.create(scheme + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
        String region = environment.getOrDefault("AWS_REGION", environment.getOrDefault("AWS_DEFAULT_REGION", ""));
        return new AwsEndpoint(clean, region.isBlank() ? "us-east-1" : region.trim());
    }

    /** The variables a function sees in cloud mode, as a deployed function configured for an emulator would. */
    public Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        SERVICES.keySet().stream().sorted().forEach(name -> v.put(name, uri.toString()));
        v.put("AWS_REGION", region);
        return v;
    }

    /** The SDK settings as system properties: endpoints of the four services, region and dummy credentials. */
    public Map<String, String> systemProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        SERVICES.values().stream().sorted().forEach(name -> p.put(name, uri.toString()));
        p.put("aws.region", region);
        p.put("aws.accessKeyId", ACCESS_KEY);
        p.put("aws.secretAccessKey", SECRET_KEY);
        return p;
    }

    /** Sets {@link #systemProperties()} until the returned handle is closed, which restores what was there. */
    public synchronized SdkSettings apply() {
        Map<String, String> previous = new LinkedHashMap<>();
        systemProperties().forEach((k, v) -> {
            previous.put(k, System.getProperty(k));
            System.setProperty(k, v);
        });
        return () -> previous.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    /** Restores the SDK settings {@link #apply()} replaced. */
    public interface SdkSettings extends AutoCloseable {
        @Override
        void close();
    }

    // The runtime's own clients (creating resources, draining queues, reading mail): explicit endpoint and dummy
    // credentials, independent of the system properties the functions read.

    public SqsClient sqs() {
        return SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(uri)
                .region(Region.of(region)).credentialsProvider(credentials()).build();
    }

    public EventBridgeClient eventBridge() {
        return EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(uri)
                .region(Region.of(region)).credentialsProvider(credentials()).build();
    }

    public SecretsManagerClient secretsManager() {
        return SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(uri)
                .region(Region.of(region)).credentialsProvider(credentials()).build();
    }

    public SesV2Client ses() {
        return SesV2Client.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(uri)
                .region(Region.of(region)).credentialsProvider(credentials()).build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }
}
