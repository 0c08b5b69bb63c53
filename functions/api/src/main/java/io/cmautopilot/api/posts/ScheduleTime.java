package io.cmautopilot.api.posts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmautopilot.core.json.Json;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;

/**
 * When a post goes out: an instant, plus the zone its author thought in. A local date-time is resolved with
 * {@link ZonedDateTime#ofLocal} and no preferred offset, which is the documented rule (docs/ARCHITECTURE.md,
 * "Scheduling times"): a time that does not exist (DST gap, clocks jump forward) moves forward by the length of the
 * gap (02:30 in a one-hour gap becomes 03:30); a time that exists twice (DST overlap, clocks go back) takes the
 * earlier offset, i.e. the first of the two moments. The resolution is returned to the caller, so no one is
 * surprised.
 */
public record ScheduleTime(Instant instant, ZoneId zone, ObjectNode resolution) {

    public static ScheduleTime ofInstant(Instant instant, ZoneId zone) {
        return new ScheduleTime(instant, zone, null);
    }

    public static ScheduleTime ofLocal(LocalDateTime local, ZoneId zone) {
        ZonedDateTime resolved = ZonedDateTime.ofLocal(local, zone, null);
        var offsets = zone.getRules().getValidOffsets(local);
        ObjectNode resolution = null;
        if (offsets.size() != 1) {
            ZoneOffsetTransition transition = zone.getRules().getTransition(local);
            resolution = Json.object().put("requested", local.toString()).put("timezone", zone.getId())
                    .put("resolved", resolved.toOffsetDateTime().toString());
            if (offsets.isEmpty()) {
                Duration gap = transition.getDuration();
                resolution.put("rule", "gap").put("message", local.toLocalTime() + " does not exist on "
                        + local.toLocalDate() + " in " + zone.getId() + " (clocks go forward); moved forward by "
                        + describe(gap));
            } else {
                resolution.put("rule", "overlap").put("message", local.toLocalTime() + " happens twice on "
                        + local.toLocalDate() + " in " + zone.getId() + " (clocks go back); the earlier one, at offset "
                        + offsets.get(0) + ", was taken");
            }
        }
        return new ScheduleTime(resolved.toInstant(), zone, resolution);
    }

    private static String describe(Duration d) {
        long minutes = d.toMinutes();
        return minutes % 60 == 0 ? (minutes / 60) + " h" : minutes + " min";
    }

    /** The instant as an ISO-8601 time with the offset it has in the post's zone. */
    public static String format(Instant instant, ZoneId zone) {
        return instant.atZone(zone == null ? ZoneOffset.UTC : zone).toOffsetDateTime().toString();
    }
}
