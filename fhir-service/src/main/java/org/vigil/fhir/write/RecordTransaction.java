package org.vigil.fhir.write;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of vitals-service's {@code POST /internal/v1/record-transactions}: the writes of one FHIR transaction (its
 * Patients, Devices, readings and Observation documents), done in one database transaction (all or nothing). The
 * readings go to Kafka through vitals-service's outbox once that transaction commits.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RecordTransaction(List<Entry> entries) {

    /**
     * @param ref the entry's fullUrl (e.g. {@code urn:uuid:...}), by which other entries and the answer name it
     * @param kind {@code patient}, {@code device}, {@code reading} or {@code document}
     * @param method {@code POST} (create) or {@code PUT} (update {@code id}); readings and documents are only created
     * @param ifNoneExist a conditional create's query, e.g. {@code identifier=system|value}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(String ref, String kind, String method, @Nullable String id, @Nullable String ifMatch,
            @Nullable String ifNoneExist, @Nullable PatientBody patient, @Nullable DeviceBody device,
            @Nullable ReadingBody reading, @Nullable DocumentBody document) {

        Entry(String ref, String kind, String method, @Nullable String id, @Nullable String ifMatch,
                @Nullable String ifNoneExist, @Nullable PatientBody patient, @Nullable DeviceBody device) {
            this(ref, kind, method, id, ifMatch, ifNoneExist, patient, device, null, null);
        }
    }

    /**
     * A reading: its {@code vigil.reading-recorded.v1} event, whose patientId and deviceId vitals-service replaces with
     * the ids of the entries {@code patientRef} and {@code deviceRef} name (and every reference in the event's
     * document that equals an entry's ref with that entry's {@code Type/id}).
     *
     * @param ifNoneExist the reading id a conditional create names
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReadingBody(@JsonRawValue String event, @Nullable String patientRef, @Nullable String deviceRef,
            @Nullable String ifNoneExist) {
    }

    /**
     * An Observation that is not a reading (a vital signs panel), stored as posted, references resolved as for a
     * reading; ({@code deviceId} or the device entry's id, {@code readingId}) makes it exactly-once.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DocumentBody(String id, @Nullable String patientId, @Nullable String patientRef, @Nullable String deviceId,
            @Nullable String deviceRef, String readingId, @Nullable String ifNoneExist, String code, Instant time,
            Instant receivedAt, String status, @JsonRawValue String resource) {
    }

    /** As {@code POST /internal/v1/patients}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PatientBody(@JsonRawValue String resource, List<String> identifiers, @Nullable String family,
            @Nullable String given, @Nullable String birthDate) {
    }

    /** As {@code POST /internal/v1/device-records}, with {@code patientRef} naming another entry's patient. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeviceBody(@Nullable String manufacturer, @Nullable String serial, @Nullable String model,
            List<String> identifiers, boolean active, @Nullable String patientId, @Nullable String patientRef) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Result(List<Written> entries) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Written(String ref, String id, String versionId, Instant lastUpdated, boolean created) {
    }
}
