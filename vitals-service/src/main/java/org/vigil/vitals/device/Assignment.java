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

    boolean isCurrent() {
        return validTo == null;
    }

    void endAt(Instant end) {
        this.validTo = end;
    }
}
