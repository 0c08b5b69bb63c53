package io.cmautopilot.digest;

import io.cmautopilot.digest.DigestData.TrendPoint;
import io.cmautopilot.digest.render.Png;
import io.cmautopilot.digest.render.TrendChart;
import io.cmautopilot.digest.unsubscribe.UnsubscribeTokens;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnsubscribeTokensAndChartTest {
    private final UnsubscribeTokens tokens = new UnsubscribeTokens(() -> "k".repeat(32).getBytes(StandardCharsets.UTF_8));

    @Test
    void a_token_verifies_back_to_its_brand_and_subscription_and_nothing_else() {
        String t = tokens.sign("acme", "01JABC");
        assertThat(tokens.verify(t)).contains(new UnsubscribeTokens.Target("acme", "01JABC"));
        assertThat(tokens.verify(t + "x")).isEmpty();
        assertThat(tokens.verify(t.replace('.', ','))).isEmpty();
        assertThat(tokens.verify(null)).isEmpty();
        assertThat(tokens.verify("x".repeat(600))).isEmpty();
    }

    @Test
    void a_short_key_is_refused() {
        UnsubscribeTokens weak = new UnsubscribeTokens(() -> "short".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> weak.sign("acme", "S1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_chart_is_a_png_that_decodes_with_stacked_bars_in_the_sentiment_colours() throws Exception {
        Instant t0 = Instant.parse("2026-11-22T00:00:00Z");
        List<TrendPoint> points = List.of(new TrendPoint(t0, 10, 10, 0, 0), new TrendPoint(t0.plusSeconds(3600), 0, 0, 0, 0));

        BufferedImage img = ImageIO.read(new ByteArrayInputStream(TrendChart.png(points)));

        assertThat(img.getWidth()).isEqualTo(TrendChart.WIDTH);
        assertThat(img.getHeight()).isEqualTo(TrendChart.HEIGHT);
        int x = TrendChart.WIDTH / 4; // the middle of the first of two slots
        assertThat(img.getRGB(x, TrendChart.HEIGHT - 10) & 0xFFFFFF).isEqualTo(TrendChart.NEGATIVE);
        assertThat(img.getRGB(x, 12) & 0xFFFFFF).isEqualTo(TrendChart.POSITIVE);
        assertThat(img.getRGB(3 * TrendChart.WIDTH / 4, TrendChart.HEIGHT - 10) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void an_empty_period_still_gives_a_valid_png_and_the_encoder_checks_its_raster() throws Exception {
        assertThat(ImageIO.read(new ByteArrayInputStream(TrendChart.png(List.of())))).isNotNull();
        assertThatThrownBy(() -> Png.encode(2, 2, new int[3])).isInstanceOf(IllegalArgumentException.class);
    }
}
