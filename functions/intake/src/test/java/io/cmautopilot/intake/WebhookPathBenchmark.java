package io.cmautopilot.intake;

import io.cmautopilot.core.crypto.Hmac;
import com.fasterxml.jackson.databind.JsonNode;
import io.cmautopilot.core.json.Json;
import io.cmautopilot.intake.generic.GenericPayloads;
import io.cmautopilot.intake.linkedin.LinkedInPayloads;
import io.cmautopilot.intake.meta.MetaPayloads;
import io.cmautopilot.intake.x.XPayloads;
import io.cmautopilot.testing.Events;

import java.util.List;
import java.util.function.Function;

/**
 * In-process throughput of the webhook path without storage: verify the signature over the raw bytes (HMAC-SHA256
 * and constant-time compare), parse the JSON, normalise to {@link Incoming}. Run (docs/PERFORMANCE.md, "Intake"):
 * <pre>
 * mvn -B -q -ntp -pl functions/intake -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp functions/intake/target/test-classes:functions/intake/target/classes:$(cat functions/intake/target/test-classpath.txt) \
 *     io.cmautopilot.intake.WebhookPathBenchmark
 * </pre>
 */
public final class WebhookPathBenchmark {
    private WebhookPathBenchmark() {
    }

    private record Case(String name, byte[] body, String secret, Function<byte[], String> sign,
                        Function<JsonNode, List<Incoming>> parse) {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
        List<Case> cases = List.of(
                new Case("meta page feed (5 changes, 2 pages)", body("meta-page-feed.json"), IntakeFixture.META_SECRET,
                        b -> "sha256=" + Hmac.hex(Hmac.sha256(IntakeFixture.META_SECRET, b)),
                        MetaPayloads::parse),
                new Case("x tweet_create_events (3 posts)", body("x-tweet-create.json"), IntakeFixture.X_SECRET,
                        b -> "sha256=" + Hmac.base64(Hmac.sha256(IntakeFixture.X_SECRET, b)),
                        XPayloads::parse),
                new Case("linkedin notifications (4)", body("linkedin-notifications.json"),
                        IntakeFixture.LINKEDIN_SECRET, b -> Hmac.hex(Hmac.sha256(
                        IntakeFixture.LINKEDIN_SECRET, Hmac.utf8("hmacsha256="), b)), LinkedInPayloads::parse),
                new Case("generic (1 comment)", body("generic-comment.json"), IntakeFixture.BRAND_SECRET,
                        b -> "sha256=" + Hmac.hex(Hmac.sha256(IntakeFixture.BRAND_SECRET,
                                Hmac.utf8("1796115600."), b)), GenericPayloads::parse));
        System.out.printf("java %s, %d available processors, %d s per case after %d s warm-up%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), seconds, seconds);
        for (Case c : cases) {
            String claimed = c.sign().apply(c.body());
            run(c, claimed, seconds * 1_000_000_000L); // warm-up
            long[] result = run(c, claimed, seconds * 1_000_000_000L);
            double opsPerSecond = result[0] * 1e9 / result[1];
            System.out.printf("%-40s %,10.0f ops/s  (%,d bytes, %.1f µs/op)%n", c.name(), opsPerSecond,
                    c.body().length, result[1] / 1e3 / result[0]);
        }
    }

    private static long[] run(Case c, String claimed, long budgetNanos) throws Exception {
        long ops = 0;
        long sink = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            for (int i = 0; i < 200; i++) {
                if (!Hmac.matches(claimed, c.sign().apply(c.body()))) {
                    throw new IllegalStateException("signature mismatch");
                }
                sink += c.parse().apply(Json.tree(c.body())).size();
                ops++;
            }
            elapsed = System.nanoTime() - start;
        } while (elapsed < budgetNanos);
        if (sink == 0) {
            throw new IllegalStateException("nothing normalised");
        }
        return new long[]{ops, elapsed};
    }

    private static byte[] body(String sample) {
        return Hmac.utf8(Events.http("intake/" + sample).getBody());
    }
}
