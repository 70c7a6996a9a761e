package org.vigil.ingest.device;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A device as vitals-service knows it: whether its token is still good, and to whom it was assigned when.
 *
 * @param assignments its assignment history, in any order
 */
public record Device(String deviceId, boolean active, List<Assignment> assignments) {

    public Device {
        Objects.requireNonNull(deviceId, "deviceId");
        assignments = List.copyOf(assignments);
    }

    /**
     * The patient whose assignment covers {@code time} ({@code from <= time < to}, or no {@code to} yet), or null. Were
     * two assignments ever to overlap, the one that started later wins: it is the more recent decision.
     */
    public @Nullable String patientAt(Instant time) {
        Assignment best = null;
        for (Assignment assignment : assignments) {
            if (assignment.covers(time) && (best == null || assignment.from().isAfter(best.from()))) {
                best = assignment;
            }
        }
        return best == null ? null : best.patientId();
    }

    /** One period of the device measuring one patient; {@code to} is null while it lasts. */
    public record Assignment(String patientId, Instant from, @Nullable Instant to) {

        public Assignment {
            Objects.requireNonNull(patientId, "patientId");
            Objects.requireNonNull(from, "from");
        }

        boolean covers(Instant time) {
            return !time.isBefore(from) && (to == null || time.isBefore(to));
        }
    }
}
