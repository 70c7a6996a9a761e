package org.vigil.vitals.device;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One stretch of time, {@code [from, to)}, during which a device measured one patient; {@code to} null while current. */
@Entity
@Table(name = "device_assignment")
class Assignment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "device_id")
    private Device device;

    @Column(name = "patient_id", nullable = false)
    private String patientId;

    @Column(name = "valid_from", nullable = false)
    private Instant validFrom;

    @Column(name = "valid_to")
    private @Nullable Instant validTo;

    /** When the end was recorded (null for ends recorded before version 44 of the schema). */
    @Column(name = "valid_to_recorded_at")
    private @Nullable Instant validToRecordedAt;

    @SuppressWarnings("NullAway.Init")
    protected Assignment() {
    }

    Assignment(Device device, String patientId, Instant from) {
        this.device = device;
        this.patientId = patientId;
        this.validFrom = from;
    }

    String patientId() {
        return patientId;
    }

    Instant from() {
        return validFrom;
    }

    @Nullable Instant to() {
        return validTo;
    }

    @Nullable Instant endRecordedAt() {
        return validToRecordedAt;
    }

    boolean isCurrent() {
        return validTo == null;
    }

    /** Ends the assignment at {@code end} (which may lie in the past or the future), as decided at {@code recordedAt}. */
    void endAt(Instant end, Instant recordedAt) {
        this.validTo = end;
        this.validToRecordedAt = recordedAt;
    }
}
