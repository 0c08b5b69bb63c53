package io.cmautopilot.core.platform;

import java.time.LocalDate;
import java.util.List;

/**
 * Every versioned platform API the suite calls, pinned in this one place with the date the platform stops serving it
 * (a sunset LinkedIn version answers 426; an expired Graph version is upgraded or refused by Meta). A test compares
 * each sunset with the clock and fails 60 days ahead, so the pin moves before users break (docs/PUBLISHING.md,
 * "API versions").
 */
public final class PlatformVersions {

    /** A pinned version, the day it stops working, and where that date was read. */
    public record ApiVersion(String platform, String version, LocalDate sunset, String source) {
    }

    /**
     * LinkedIn Marketing / Community Management APIs, header {@code Linkedin-Version: YYYYMM}. 202607 is the latest
     * version listed on learn.microsoft.com/linkedin/marketing/versioning (July 2026); LinkedIn supports a version
     * "for a minimum of one year" and sunsets mid-month (202601 on 2027-01-15, 202603 on 2027-03-16 in the
     * migrations table), so 202607 is served until at least 2027-07-15.
     */
    public static final ApiVersion LINKEDIN = new ApiVersion("linkedin", "202607", LocalDate.of(2027, 7, 15),
            "learn.microsoft.com/en-us/linkedin/marketing/versioning + integrations/migrations");

    /**
     * Meta Graph API (Facebook pages, Instagram), in the URL path. v25.0 was released 2026-02-18 and expires
     * 2028-07-29 (developers.facebook.com/docs/graph-api/changelog/versions).
     */
    public static final ApiVersion GRAPH = new ApiVersion("graph", "v25.0", LocalDate.of(2028, 7, 29),
            "developers.facebook.com/docs/graph-api/changelog/versions");

    /** Every pinned version (the currency test walks this list). */
    public static final List<ApiVersion> ALL = List.of(LINKEDIN, GRAPH);

    private PlatformVersions() {
    }

    /** The Graph API root with its pinned version, the default of {@code CM_GRAPH_API_URL}. */
    public static String graphApiUrl() {
        return "https://graph.facebook.com/" + GRAPH.version();
    }
}
