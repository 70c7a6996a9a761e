package org.vigil.fhir.write;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of vitals-service's {@code POST /internal/v1/record-transactions}: the Patient and Device writes of one FHIR
 * transaction, done in one database transaction (all or nothing).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RecordTransaction(List<Entry> entries) {

    /**
     * @param ref the entry's fullUrl (e.g. {@code urn:uuid:...}), by which other entries and the answer name it
     * @param kind {@code patient} or {@code device}
     * @param method {@code POST} (create) or {@code PUT} (update {@code id})
     * @param ifNoneExist a conditional create's query, e.g. {@code identifier=system|value}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(String ref, String kind, String method, @Nullable String id, @Nullable String ifMatch,
            @Nullable String ifNoneExist, @Nullable PatientBody patient, @Nullable DeviceBody device) {
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
