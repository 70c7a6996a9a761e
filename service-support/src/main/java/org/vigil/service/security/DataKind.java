package org.vigil.service.security;

/** The kinds of data Vigil guards, each with the FHIR resource type its SMART on FHIR scopes name. */
public enum DataKind {
    /** Demographics and identifiers: the FHIR Patient. */
    PATIENT("Patient"),
    /** Devices, their credentials and assignments. */
    DEVICE("Device"),
    /** Readings, vital-sign history, NEWS2 scores. */
    OBSERVATION("Observation"),
    /** Alerts, their comments, history and live stream. */
    ALERT("Flag"),
    /** How alerts are raised for a patient: thresholds, NEWS2 settings, alert subscriptions. */
    ALERT_SETTINGS("Flag"),
    /** Care teams: who looks after which patients. */
    CARE_TEAM("CareTeam"),
    /** The audit trail itself. */
    AUDIT("AuditEvent");

    private final String resourceType;

    DataKind(String resourceType) {
        this.resourceType = resourceType;
    }

    /** The FHIR resource type SMART scopes use for this kind, e.g. {@code Observation}. */
    public String resourceType() {
        return resourceType;
    }
}
