package org.vigil.vitals.device;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Persistable;

/**
 * A registered device and its assignment history. History only grows: a new assignment ends the current one at its
 * start, so that readings taken before a move stay with the patient who wore the device then.
 */
@Entity
@Table(name = "device")
class Device implements Persistable<String> {

    @Id
    private String id;

    private String serial;

    private String manufacturer;

    private String model;

    private boolean active;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** The FHIR Device's meta.versionId: 1 at registration, +1 for every change of what the FHIR view shows. */
    @Column(name = "version_id", nullable = false)
    private int versionId;

    @Column(name = "last_updated", nullable = false)
    private Instant lastUpdated;

    /** FHIR identifiers, {@code system|value}. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "identifiers", nullable = false)
    private String[] identifiers;

    @OneToMany(mappedBy = "device", cascade = CascadeType.ALL)
    @OrderBy("validFrom ASC, id ASC")
    private List<Assignment> assignments = new ArrayList<>();

    @Transient
    private boolean isNew;

    @SuppressWarnings("NullAway.Init")
    protected Device() {
    }

    Device(String id, String serial, String manufacturer, String model, Instant createdAt) {
        this.id = id;
        this.serial = serial;
        this.manufacturer = manufacturer;
        this.model = model;
        this.active = true;
        this.createdAt = createdAt;
        this.versionId = 1;
        this.lastUpdated = createdAt;
        this.identifiers = new String[0];
        this.isNew = true;
    }

    /** Records a change of the FHIR view: the next version, stamped {@code now}. */
    void touch(Instant now) {
        this.versionId++;
        this.lastUpdated = now;
    }

    /** Replaces the descriptive fields (FHIR update); the caller stamps the change with {@link #touch}. */
    void describe(String serial, String manufacturer, String model, boolean active, List<String> identifiers) {
        this.serial = serial;
        this.manufacturer = manufacturer;
        this.model = model;
        this.active = active;
        this.identifiers = identifiers.toArray(String[]::new);
    }

    /** Ends the current assignment at {@code at}, recorded now, if there is one; whether there was. */
    boolean unassign(Instant at) {
        if (assignments.isEmpty() || !assignments.getLast().isCurrent()) {
            return false;
        }
        Assignment current = assignments.getLast();
        current.endAt(at.isBefore(current.from()) ? current.from() : at, recordedNow());
        return true;
    }

    private static Instant recordedNow() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The patient the device measures now, if any. */
    @Nullable String currentPatient() {
        if (assignments.isEmpty() || !assignments.getLast().isCurrent()) {
            return null;
        }
        return assignments.getLast().patientId();
    }

    /**
     * Assigns the device to a patient from {@code from} on, ending the current assignment there.
     *
     * @throws AssignmentRejectedException if {@code from} lies before the start (or the end) of the latest assignment
     */
    Assignment assignTo(String patientId, Instant from) {
        if (!assignments.isEmpty()) {
            Assignment latest = assignments.getLast();
            if (from.isBefore(latest.from())) {
                throw new AssignmentRejectedException("from " + from + " is before the start of the current assignment ("
                        + latest.from() + "); assignment history cannot be rewritten");
            }
            if (latest.isCurrent()) {
                latest.endAt(from, recordedNow());
            } else if (from.isBefore(latest.to())) {
                throw new AssignmentRejectedException("from " + from + " is before the end of the latest assignment ("
                        + latest.to() + ")");
            }
        }
        Assignment assignment = new Assignment(this, patientId, from);
        assignments.add(assignment);
        return assignment;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    String serial() {
        return serial;
    }

    String manufacturer() {
        return manufacturer;
    }

    String model() {
        return model;
    }

    boolean active() {
        return active;
    }

    Instant createdAt() {
        return createdAt;
    }

    int versionId() {
        return versionId;
    }

    Instant lastUpdated() {
        return lastUpdated;
    }

    List<String> identifiers() {
        return List.of(identifiers);
    }

    List<Assignment> assignments() {
        return Collections.unmodifiableList(assignments);
    }
}
