package org.vigil.fhir.write;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.vigil.fhir.DependencyUnavailableException;
import org.vigil.fhir.VitalsApi;

/** The parts of vitals-service's internal API that writing needs: patients, devices, reading claims. */
@Component
class WriteVitals {

    private static final Logger log = LoggerFactory.getLogger(WriteVitals.class);

    private final VitalsApi vitals;

    WriteVitals(VitalsApi vitals) {
        this.vitals = vitals;
    }

    boolean patientExists(String id) {
        return vitals.find(uri -> uri.path("/internal/v1/patients/{id}").build(id), PatientRef.class).isPresent();
    }

    /** The ids of the patients with this identifier ({@code system|value}, or a value of any system). */
    List<String> patientsByIdentifier(String identifier) {
        return vitals.get(uri -> uri.path("/internal/v1/patients").queryParam("identifier", "{identifier}")
                .queryParam("limit", 2).build(identifier), Patients.class).ids();
    }

    Optional<DeviceRecord> device(String id) {
        return vitals.find(uri -> uri.path("/internal/v1/device-records/{id}").build(id), DeviceRecord.class);
    }

    List<String> devicesByIdentifier(String identifier) {
        return vitals.get(uri -> uri.path("/internal/v1/device-records").queryParam("identifier", "{identifier}")
                .queryParam("limit", 2).build(identifier), Devices.class).ids();
    }

    /** @return the reading ids claimed now; the others were claimed before (duplicates) */
    Set<String> claim(String deviceId, List<String> readingIds) {
        Claimed claimed = vitals.post(uri -> uri.path("/internal/v1/devices/{id}/reading-claims").build(deviceId),
                new ClaimRequest(readingIds), Claimed.class);
        return claimed.claimed() == null ? Set.of() : new HashSet<>(claimed.claimed());
    }

    /** Frees claims whose readings could not be published; best effort (stale claims expire on their own). */
    void release(String deviceId, List<String> readingIds) {
        try {
            vitals.send(uri -> uri.path("/internal/v1/devices/{id}/reading-claims/release").build(deviceId),
                    new ClaimRequest(readingIds));
        } catch (RuntimeException e) {
            log.warn("Could not release {} reading claims: {}", readingIds.size(), e.getClass().getSimpleName());
        }
    }

    /** The event id (Observation id) of the stored reading with this device reading id, if stored yet. */
    Optional<String> storedReading(String deviceId, String readingId) {
        return vitals.get(uri -> uri.path("/internal/v1/readings").queryParam("deviceId", "{d}")
                .queryParam("readingId", "{r}").queryParam("limit", 1).build(deviceId, readingId), Readings.class)
                .readings().stream().map(ReadingRef::id).findFirst();
    }

    RecordTransaction.Result recordTransaction(RecordTransaction request) {
        return vitals.post("/internal/v1/record-transactions", request, RecordTransaction.Result.class);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PatientRef(String id) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Patients(@Nullable List<PatientRef> patients) {

        List<String> ids() {
            return patients == null ? List.of() : patients.stream().map(PatientRef::id).toList();
        }
    }

    /** A device as vitals-service's FHIR view holds it; {@code assignments} is its patient history. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DeviceRecord(String id, @Nullable String patientId, @Nullable List<Assignment> assignments) {

        /** Whether the device was assigned to this patient at this time (or, without a history, is now). */
        boolean assignedTo(String patient, Instant time) {
            if (assignments == null || assignments.isEmpty()) {
                return patient.equals(patientId);
            }
            return assignments.stream().anyMatch(a -> a.patientId().equals(patient) && !time.isBefore(a.from())
                    && (a.to() == null || time.isBefore(a.to())));
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Assignment(String patientId, Instant from, @Nullable Instant to) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Devices(@Nullable List<DeviceRecord> devices) {

        List<String> ids() {
            return devices == null ? List.of() : devices.stream().map(DeviceRecord::id).toList();
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ClaimRequest(List<String> readingIds) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Claimed(@Nullable List<String> claimed) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReadingRef(String id) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Readings(@Nullable List<ReadingRef> readings) {

        @Override
        public List<ReadingRef> readings() {
            return readings == null ? List.of() : readings;
        }
    }

    static DependencyUnavailableException unavailable(String message) {
        return new DependencyUnavailableException(message, null);
    }
}
