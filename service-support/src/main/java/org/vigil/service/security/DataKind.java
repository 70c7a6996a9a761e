package org.vigil.service.security;

import org.jspecify.annotations.Nullable;

/**
 * The kinds of data Vigil guards, each with the FHIR resource type its SMART on FHIR scopes name (the alert settings:
 * a type of Vigil's own, {@code AlertSettings}).
 */
public enum DataKind {
    /** Demographics and identifiers: the FHIR Patient. */
    PATIENT("Patient"),
    /** Devices, their credentials and assignments. */
    DEVICE("Device"),
    /** Readings, vital-sign history, NEWS2 scores. */
    OBSERVATION("Observation"),
    /** Alerts, their comments, history and live stream. */
    ALERT("Flag"),
    /**
     * How alerts are raised for a patient: thresholds, NEWS2 settings, alert subscriptions. Not a FHIR resource, so a
     * scope of its own ({@code system/AlertSettings.u}): a {@code Flag} scope must not change what raises the Flags.
     * For reading only, a {@code Flag} scope still counts (as before; reading the settings changes nothing).
     */
    ALERT_SETTINGS("AlertSettings", "Flag"),
    /** Care teams: who looks after which patients. */
    CARE_TEAM("CareTeam"),
    /** The audit trail itself. */
    AUDIT("AuditEvent");

    private final String resourceType;
    private final @Nullable String readAlsoWith;

    DataKind(String resourceType) {
        this(resourceType, null);
    }

    DataKind(String resourceType, @Nullable String readAlsoWith) {
        this.resourceType = resourceType;
        this.readAlsoWith = readAlsoWith;
    }

    /** Whether scopes of this context allow the interaction with this kind. */
    boolean permittedBy(SmartScopes scopes, String context, Interaction interaction) {
        return scopes.permits(context, resourceType, interaction)
                || (readAlsoWith != null && interaction.isReadOnly()
                        && scopes.permits(context, readAlsoWith, interaction));
    }

    /** The FHIR resource type SMART scopes use for this kind, e.g. {@code Observation}. */
    public String resourceType() {
        return resourceType;
    }
}
