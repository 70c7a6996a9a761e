package org.vigil.vitals.patient;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.time.LocalDate;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Persistable;

/** A patient: the FHIR Patient document as JSON, with identifiers, names and birth date beside it for search. */
@Entity
@Table(name = "patient")
class Patient implements Persistable<String> {

    @Id
    private String id;

    @ColumnTransformer(write = "?::jsonb")
    @Column(name = "resource", nullable = false)
    private String resource;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "identifiers", nullable = false)
    private String[] identifiers;

    private @Nullable String family;

    private @Nullable String given;

    @Column(name = "birth_date")
    private @Nullable LocalDate birthDate;

    @Column(name = "version_id", nullable = false)
    private int versionId;

    @Column(name = "last_updated", nullable = false)
    private Instant lastUpdated;

    @Transient
    private boolean isNew;

    @SuppressWarnings("NullAway.Init")
    protected Patient() {
    }

    Patient(String id, String resource, String[] identifiers, @Nullable String family, @Nullable String given,
            @Nullable LocalDate birthDate, Instant lastUpdated) {
        this.id = id;
        this.resource = resource;
        this.identifiers = identifiers;
        this.family = family;
        this.given = given;
        this.birthDate = birthDate;
        this.versionId = 1;
        this.lastUpdated = lastUpdated;
        this.isNew = true;
    }

    /** Replaces the document and its search columns (FHIR update): the next version, stamped {@code now}. */
    void replace(String resource, String[] identifiers, @Nullable String family, @Nullable String given,
            @Nullable LocalDate birthDate, Instant now) {
        this.resource = resource;
        this.identifiers = identifiers;
        this.family = family;
        this.given = given;
        this.birthDate = birthDate;
        this.versionId++;
        this.lastUpdated = now;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    String resource() {
        return resource;
    }

    int versionId() {
        return versionId;
    }

    Instant lastUpdated() {
        return lastUpdated;
    }
}
