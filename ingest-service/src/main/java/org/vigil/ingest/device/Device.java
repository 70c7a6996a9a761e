package org.vigil.ingest.device;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A device as vitals-service knows it: whether its token is still good, and to whom it was assigned when.
 *
 * @param assignments its assignment history, in any order
 * @param tokenIssuedAt when the token it authenticated with was issued (null from a vitals-service that does not say):
 *     that token may not write into an assignment that had ended before it existed, since whoever holds it may never
 *     have held the device then; a token minted after a move would otherwise file backdated readings in an earlier
 *     wearer's record (issue 13)
 */
public record Device(String deviceId, boolean active, List<Assignment> assignments, @Nullable Instant tokenIssuedAt) {

    public Device {
        Objects.requireNonNull(deviceId, "deviceId");
        assignments = List.copyOf(assignments);
    }

    public Device(String deviceId, boolean active, List<Assignment> assignments) {
        this(deviceId, active, assignments, null);
    }

    /**
     * The patient whose assignment covers {@code time} ({@code from <= time < to}, or no {@code to} yet) and is open to
     * this token, or null. Were two assignments ever to overlap, the one that started later wins: it is the more recent
     * decision.
     */
    public @Nullable String patientAt(Instant time) {
        Assignment best = covering(time);
        return best == null || endedBeforeToken(best) ? null : best.patientId();
    }

    /** Whether an assignment covers {@code time} but had ended before this token was issued. */
    public boolean closedToToken(Instant time) {
        Assignment covering = covering(time);
        return covering != null && endedBeforeToken(covering);
    }

    private @Nullable Assignment covering(Instant time) {
        Assignment best = null;
        for (Assignment assignment : assignments) {
            if (assignment.covers(time) && (best == null || assignment.from().isAfter(best.from()))) {
                best = assignment;
            }
        }
        return best;
    }

    private boolean endedBeforeToken(Assignment assignment) {
        Instant closed = assignment.closedAt();
        return tokenIssuedAt != null && closed != null && !closed.isAfter(tokenIssuedAt);
    }

    /**
     * One period of the device measuring one patient; {@code to} is null while it lasts. {@code endRecordedAt} is when
     * the end was recorded (null while current, and for ends vitals-service recorded before it kept the time): an end
     * may be backdated (recorded after {@code to}) or lie ahead (recorded before it).
     */
    public record Assignment(String patientId, Instant from, @Nullable Instant to, @Nullable Instant endRecordedAt) {

        public Assignment {
            Objects.requireNonNull(patientId, "patientId");
            Objects.requireNonNull(from, "from");
        }

        public Assignment(String patientId, Instant from, @Nullable Instant to) {
            this(patientId, from, to, null);
        }

        /**
         * When the assignment was over both in effect and on record (the later of {@code to} and
         * {@code endRecordedAt}), null while current or when the recording time is unknown. A token issued before
         * this, even after a backdated {@code to}, existed while the assignment stood as far as anyone knew, and may
         * still file that period's buffered readings; one issued after it may not.
         */
        @Nullable Instant closedAt() {
            if (to == null || endRecordedAt == null) {
                return null;
            }
            return endRecordedAt.isAfter(to) ? endRecordedAt : to;
        }

        boolean covers(Instant time) {
            return !time.isBefore(from) && (to == null || time.isBefore(to));
        }
    }
}
