package io.cmautopilot.digest.render;

/** A digest ready to send: subject, HTML (referencing the chart by Content-ID), plain text, and the chart PNG. */
public record RenderedDigest(String subject, String html, String text, byte[] chartPng) {
    public static final String CHART_CONTENT_ID = "trend@cm-autopilot";
    public static final String CHART_FILE = "trend.png";
}
