package io.cmautopilot.digest.render;

import java.util.List;

/**
 * What the digest e-mail shows, as text already worded and formatted for the reader's language: the renderer fills
 * it, the precompiled template digest.jte lays it out (and escapes every value for where it goes).
 */
public record DigestView(String language, String subject, String title, String period, String brandName,
                         List<Section> sections, String footer, String unsubscribeUrl, String unsubscribeLabel) {

    /** One block of the card, in the order shown. */
    public sealed interface Section permits Quiet, Summary, Table, Trend, Comments, Crises {
    }

    /** Nothing happened in the period. */
    public record Quiet(String text) implements Section {
    }

    /** The comment count and its change on the period before. */
    public record Summary(String total, String change) implements Section {
    }

    /** A titled table; {@code head} may be empty, {@code hint} null. */
    public record Table(String title, String hint, List<String> head, List<Row> rows) implements Section {
    }

    /** A table row; {@code swatch} is the colour of the square before the first cell, or null. */
    public record Row(String swatch, List<String> cells) {
    }

    /** The trend chart (an inline image referenced by {@code src}), its legend and caption. */
    public record Trend(String title, String src, int width, int height, String alt, List<Legend> legend,
                        String caption) implements Section {
    }

    public record Legend(String colour, String label) {
    }

    public record Comments(String title, List<Comment> items) implements Section {
    }

    /** A listed comment; {@code badge}, {@code link} and {@code console} may be null. */
    public record Comment(String author, String network, String when, String badge, boolean hidden, String text,
                          String link, String linkLabel, String console, String consoleLabel) {
    }

    public record Crises(String title, List<String> lines) implements Section {
    }
}
