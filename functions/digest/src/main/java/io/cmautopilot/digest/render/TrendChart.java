package io.cmautopilot.digest.render;

import io.cmautopilot.digest.DigestData.TrendPoint;

import java.util.List;

/**
 * The sentiment trend as stacked bars (negative at the bottom, then mixed, neutral, positive), one bar per hour of a
 * daily digest or per day of a weekly one. Shapes only, no text: every label is HTML around the image, because the
 * Lambda runtime has no fonts and mail clients render HTML text better than pixels anyway.
 */
public final class TrendChart {
    public static final int WIDTH = 560;
    public static final int HEIGHT = 160;
    public static final int NEGATIVE = 0xD64545;
    public static final int MIXED = 0xE0A526;
    public static final int NEUTRAL = 0xB8BEC7;
    public static final int POSITIVE = 0x2E9E5B;
    private static final int BACKGROUND = 0xFFFFFF;
    private static final int GRID = 0xE6E8EB;
    private static final int AXIS = 0x8A929C;
    private static final int PAD = 6;

    private TrendChart() {
    }

    public static byte[] png(List<TrendPoint> points) {
        int[] px = new int[WIDTH * HEIGHT];
        java.util.Arrays.fill(px, BACKGROUND);
        int top = PAD;
        int bottom = HEIGHT - PAD - 1;
        int plotHeight = bottom - top;
        for (int i = 1; i <= 3; i++) { // quarter grid lines, so bar heights can be read against the caption's maximum
            fill(px, PAD, bottom - plotHeight * i / 4, WIDTH - 2 * PAD, 1, GRID);
        }
        fill(px, PAD, bottom, WIDTH - 2 * PAD, 1, AXIS);
        long max = points.stream().mapToLong(TrendPoint::total).max().orElse(0);
        if (!points.isEmpty() && max > 0) {
            double slot = (double) (WIDTH - 2 * PAD) / points.size();
            int barWidth = Math.max(1, (int) Math.floor(slot * 0.7));
            for (int i = 0; i < points.size(); i++) {
                TrendPoint p = points.get(i);
                int x = PAD + (int) Math.round(i * slot + (slot - barWidth) / 2);
                int y = bottom;
                long[] values = {p.negative(), p.mixed(), p.neutral(), p.positive()};
                int[] colours = {NEGATIVE, MIXED, NEUTRAL, POSITIVE};
                long cumulative = 0;
                for (int k = 0; k < values.length; k++) {
                    if (values[k] <= 0) {
                        continue;
                    }
                    cumulative += values[k];
                    int yTop = bottom - (int) Math.round((double) cumulative * plotHeight / max);
                    fill(px, x, yTop, barWidth, y - yTop, colours[k]);
                    y = yTop;
                }
            }
        }
        return Png.encode(WIDTH, HEIGHT, px);
    }

    private static void fill(int[] px, int x, int y, int w, int h, int colour) {
        for (int row = Math.max(0, y); row < Math.min(HEIGHT, y + h); row++) {
            for (int col = Math.max(0, x); col < Math.min(WIDTH, x + w); col++) {
                px[row * WIDTH + col] = colour;
            }
        }
    }
}
