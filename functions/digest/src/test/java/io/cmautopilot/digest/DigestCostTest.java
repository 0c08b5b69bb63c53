package io.cmautopilot.digest;

import io.cmautopilot.core.Network;
import io.cmautopilot.core.brand.Brand;
import io.cmautopilot.core.brand.BrandStore;
import io.cmautopilot.core.brand.Subscription;
import io.cmautopilot.core.comment.Flag;
import io.cmautopilot.core.comment.HighlightStore;
import io.cmautopilot.core.comment.Sentiment;
import io.cmautopilot.core.counter.CounterStore;
import io.cmautopilot.core.crisis.CrisisStore;
import io.cmautopilot.core.store.Table;
import io.cmautopilot.testing.DynamoDbExtension;
import io.cmautopilot.testing.SesExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a digest reads does not grow with the comments: the same requests and the same items examined for a quiet
 * brand and for one with a hundred times the comments and highlight entries (the timing is in the benchmark).
 */
class DigestCostTest {
    @RegisterExtension
    static DynamoDbExtension dynamo = new DynamoDbExtension().freshTablePerTest();
    @RegisterExtension
    static SesExtension ses = new SesExtension();

    private static final Instant DAY = Instant.parse("2026-11-21T23:00:00Z"); // 22 Nov in Paris

    private void fill(DigestWorld world, Brand b, int perHour, int highlights) {
        for (int h = 0; h < 24; h++) {
            world.count(b, DAY.plus(Duration.ofHours(h)), Network.X, Sentiment.Label.NEGATIVE, perHour);
            world.count(b, DAY.minus(Duration.ofHours(h + 1)), Network.X, Sentiment.Label.POSITIVE, perHour);
        }
        for (int i = 0; i < highlights; i++) {
            Instant at = DAY.plus(Duration.ofMinutes(i * 7L % 1440));
            world.highlight(b, at, Network.X, "A" + i, "a" + i, "negative " + i, Sentiment.Label.NEGATIVE,
                    0.5 + (i % 50) / 100.0, i % 2 == 0, Flag.Type.NEEDS_REPLY, Flag.Type.TOXIC);
            world.highlight(b, at, Network.X, "P" + i, "p" + i, "positive " + i, Sentiment.Label.POSITIVE,
                    0.5 + (i % 50) / 100.0, false);
        }
    }

    @Test
    void a_hundred_times_more_comments_cost_the_same_reads() {
        DigestWorld world = new DigestWorld(dynamo, ses);
        Brand small = world.brand("small", "Small", "Europe/Paris", "en");
        Brand big = world.brand("big", "Big", "Europe/Paris", "en");
        fill(world, small, 1, 6);
        fill(world, big, 100_000, 600);

        DigestBuildBenchmark.Reads reads = new DigestBuildBenchmark.Reads();
        DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynamo.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(reads)).build();
        Table table = new Table(client, dynamo.tableName());
        DigestBuilder builder = new DigestBuilder(new BrandStore(table), new CounterStore(table),
                new HighlightStore(table), new CrisisStore(table));
        DigestPeriod period = DigestPeriod.before(Subscription.Cadence.DAILY, ZoneId.of("Europe/Paris"),
                LocalDate.parse("2026-11-23"));

        reads.on = true;
        DigestData smallDigest = builder.build(small, period);
        long smallRequests = reads.requests.get();
        long smallItems = reads.items.get();
        reads.reset();
        DigestData bigDigest = builder.build(big, period);

        assertThat(smallDigest.comments()).isEqualTo(24);
        assertThat(bigDigest.comments()).isEqualTo(2_400_000);
        assertThat(bigDigest.negative()).hasSize(DigestBuilder.LIST_LIMIT);
        assertThat(bigDigest.needsReply()).hasSize(DigestBuilder.LIST_LIMIT);
        // 2 counter queries (period and the period before) + 4 highlight queries + crises + accounts.
        assertThat(reads.requests.get()).isEqualTo(smallRequests).isEqualTo(8);
        // 48 hour buckets + 4 lists of LIST_LIMIT: the same for both brands.
        assertThat(reads.items.get()).isEqualTo(smallItems).isEqualTo(48 + 4L * DigestBuilder.LIST_LIMIT);
    }
}
