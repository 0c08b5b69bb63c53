package io.cmautopilot.core.platform;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the real clock: this test starts failing 60 days before a pinned platform version is sunset, so the pin in
 * {@link PlatformVersions} is moved before anyone's posts start failing.
 */
class PlatformVersionsTest {
    static final int WARNING_DAYS = 60;

    @Test
    void no_pinned_version_is_within_sixty_days_of_its_sunset() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (var v : PlatformVersions.ALL) {
            long left = ChronoUnit.DAYS.between(today, v.sunset());
            assertThat(left).as("%s %s is sunset on %s (%d days left; see %s): pin a current version",
                    v.platform(), v.version(), v.sunset(), left, v.source()).isGreaterThan(WARNING_DAYS);
        }
    }

    @Test
    void versions_have_the_platforms_formats() {
        assertThat(PlatformVersions.LINKEDIN.version()).matches("20[0-9]{2}(0[1-9]|1[0-2])");
        assertThat(PlatformVersions.GRAPH.version()).matches("v[0-9]+\\.0");
        assertThat(PlatformVersions.graphApiUrl()).isEqualTo("https://graph.facebook.com/" + PlatformVersions.GRAPH.version());
    }

    @Test
    void no_other_source_pins_a_platform_version() throws java.io.IOException {
        java.nio.file.Path root = io.cmautopilot.engines.ProjectRoot.find();
        var pinned = java.util.regex.Pattern.compile("graph\\.facebook\\.com/v[0-9]|\"Linkedin-Version\",\\s*\"[0-9]");
        java.util.List<String> offenders = new java.util.ArrayList<>();
        for (String dir : java.util.List.of("functions", "infrastructure")) {
            try (var files = java.nio.file.Files.walk(root.resolve(dir))) {
                for (var f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")
                        && !p.getFileName().toString().equals("PlatformVersions.java")).toList()) {
                    if (pinned.matcher(java.nio.file.Files.readString(f)).find()) {
                        offenders.add(root.relativize(f).toString());
                    }
                }
            }
        }
        assertThat(offenders).as("versions belong in PlatformVersions").isEmpty();
    }
}
