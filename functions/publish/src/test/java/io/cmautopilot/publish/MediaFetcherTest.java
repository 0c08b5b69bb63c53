package io.cmautopilot.publish;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cmautopilot.testing.MutableClock;
import io.cmautopilot.testing.WireMocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static io.cmautopilot.publish.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class MediaFetcherTest {
    @RegisterExtension
    static WireMockExtension cdn = WireMocks.server();

    private final PlatformHttp http = new PlatformHttp(HttpClient.newHttpClient(), new MutableClock(T0),
            Duration.ofSeconds(10));
    private final MediaFetcher fetcher = new MediaFetcher(HttpClient.newHttpClient(), http);

    private static byte[] image(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 7);
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        return b;
    }

    @Test
    void an_image_within_the_cap_is_fetched_whole() {
        cdn.stubFor(get("/ok.jpg").willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(image(4096))));

        MediaFetcher.Fetched f = fetcher.fetch(cdn.baseUrl() + "/ok.jpg", 4096);

        assertThat(f.ok()).isTrue();
        assertThat(f.bytes()).hasSize(4096);
        assertThat(f.fileName()).isEqualTo("ok.jpg");
    }

    @Test
    void a_declared_length_above_the_real_cap_is_refused_before_the_body_is_read() {
        cdn.stubFor(get("/huge.jpg").willReturn(aResponse().withHeader("Content-Type", "image/jpeg")
                .withBody(image((int) MediaFetcher.MAX_BYTES + 1))));

        MediaFetcher.Fetched f = fetcher.fetch(cdn.baseUrl() + "/huge.jpg");

        assertThat(f.ok()).isFalse();
        assertThat(f.failure()).isInstanceOfSatisfying(PublishResult.Rejected.class,
                r -> assertThat(r.reason()).contains("larger than 16 MB"));
    }

    @Test
    void a_body_without_a_length_is_cut_off_at_the_cap_while_it_streams() {
        // chunked transfer: no Content-Length, the size is only known by reading
        cdn.stubFor(get("/chunked.jpg").willReturn(aResponse().withHeader("Content-Type", "image/jpeg")
                .withBody(image(300_000)).withChunkedDribbleDelay(30, 300)));

        MediaFetcher.Fetched f = fetcher.fetch(cdn.baseUrl() + "/chunked.jpg", 100_000);

        assertThat(f.failure()).isInstanceOfSatisfying(PublishResult.Rejected.class,
                r -> assertThat(r.reason()).contains("larger than 100000 bytes"));
    }

    @Test
    void an_endless_body_with_no_length_stops_at_the_cap_instead_of_filling_memory() throws Exception {
        AtomicLong written = new AtomicLong();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> serveEndless(server, "", written));
            MediaFetcher.Fetched f = fetcher.fetch("http://127.0.0.1:" + server.getLocalPort() + "/stream.jpg", 256 * 1024);

            assertThat(f.failure()).isInstanceOf(PublishResult.Rejected.class);
            t.join(5_000);
        }
        // the server was stopped by the closed connection long before it could send much more than the cap
        assertThat(written.get()).isLessThan(64L * 1024 * 1024);
    }

    @Test
    void a_content_length_that_lies_low_never_yields_more_than_it_declared() throws Exception {
        AtomicLong written = new AtomicLong();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> serveEndless(server, "Content-Length: 1000\r\n", written));
            MediaFetcher.Fetched f = fetcher.fetch("http://127.0.0.1:" + server.getLocalPort() + "/lie.jpg", 256 * 1024);

            assertThat(f.ok()).isTrue();
            assertThat(f.bytes()).hasSize(1000);
            t.join(5_000);
        }
    }

    /** A server that answers 200 image/jpeg and then writes bytes until the client goes away. */
    private static void serveEndless(ServerSocket server, String extraHeader, AtomicLong written) {
        try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
            s.getInputStream().read(new byte[8192]);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n" + extraHeader + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = image(64 * 1024);
            for (int i = 0; i < 4096; i++) {
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
        } catch (IOException expected) {
            // the client closed the connection
        }
    }
}
