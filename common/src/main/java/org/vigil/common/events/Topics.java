package org.vigil.common.events;

/** Every topic Vigil's services publish, with its key and value codec. */
public final class Topics {

    /** Accepted readings, keyed by patient id. Producer: ingest-service. Consumers: vitals-service, alert-service. */
    public static final Topic<ReadingRecorded> READING_RECORDED =
            new Topic<>("vigil.reading-recorded.v1", ReadingRecorded.class, ReadingRecorded::patientId);

    /** Device registrations, assignments and credential changes, keyed by device id. Producer: vitals-service. */
    public static final Topic<DeviceChanged> DEVICE_CHANGED =
            new Topic<>("vigil.device-changed.v1", DeviceChanged.class, DeviceChanged::deviceId);

    /** Alert lifecycle changes, keyed by patient id. Producer: alert-service. Consumers: other systems, fhir-service. */
    public static final Topic<AlertChanged> ALERT_CHANGED =
            new Topic<>("vigil.alert-changed.v1", AlertChanged.class, AlertChanged::patientId);

    /**
     * Audit records of every access to health data and every denial, keyed by agent. Producers: every service that
     * decides access. Consumer: audit-service (group {@code audit-service}), which chains and stores them.
     */
    public static final Topic<AuditRecorded> AUDIT_RECORDED =
            new Topic<>("vigil.audit-recorded.v1", AuditRecorded.class, AuditRecorded::agent);

    /**
     * Observations stored that are not readings (vital signs panels posted through FHIR), keyed by patient id.
     * Producer: vitals-service (its outbox). Consumer: fhir-service (Subscriptions).
     */
    public static final Topic<ObservationDocumentRecorded> OBSERVATION_DOCUMENT_RECORDED =
            new Topic<>("vigil.observation-document-recorded.v1", ObservationDocumentRecorded.class,
                    ObservationDocumentRecorded::patientId);

    private Topics() {
    }
}
