package org.vigil.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.vigil.common.vitals.VitalType;

/**
 * A reading was accepted: validated, normalised to its type's canonical unit and attributed to the patient the device
 * was assigned to at the reading's time. Published on {@link Topics#READING_RECORDED}, keyed by patient id, so that
 * everything about one patient is ordered and handled by one consumer.
 *
 * <p>Which value fields are set depends on the type's {@link org.vigil.common.vitals.ValueKind}: {@code value} and
 * {@code unit} for quantities; {@code systolic}, {@code diastolic} and {@code unit} for blood pressure;
 * {@code consciousness} (an ACVPU letter) for consciousness; {@code supplementalOxygen} and optionally
 * {@code oxygenFlow} (L/min) for supplemental oxygen; {@code values} (in {@code unit}) for series such as RR intervals;
 * nothing, or {@code latitude} and {@code longitude}, for events such as a fall. A v1 change only adds optional fields:
 * {@code values}, {@code latitude} and {@code longitude} were added so, then {@code status}, {@code dataAbsentReason}
 * and {@code resource} for Observations that integrators post through the FHIR API.
 *
 * <p>A reading that is not {@link #alertable()} (status {@code cancelled} or {@code entered-in-error}, or a
 * {@code dataAbsentReason} instead of a value) is stored as such and shown, but never scored or alerted on.
 *
 * @param eventId unique per publication; it is the reading's stored id and FHIR Observation id
 * @param deviceId the device that measured it
 * @param readingId the device's own id for the reading, unique per device; (deviceId, readingId) identifies a reading
 * @param patientId the patient the device was assigned to at {@code time}
 * @param type a {@link VitalType#code()}
 * @param time when the reading was taken
 * @param receivedAt when ingest received it
 * @param correlationId the id of the HTTP request that brought it, for following it through the logs
 * @param source {@code device} for the ingest endpoint; other producers name themselves ({@code fhir} for
 *     fhir-service)
 * @param status the FHIR Observation status when a producer gives one ({@code registered}, {@code preliminary},
 *     {@code final}, {@code amended}, {@code corrected}, {@code cancelled}, {@code entered-in-error},
 *     {@code unknown}); null means {@code final}
 * @param dataAbsentReason a code of http://terminology.hl7.org/CodeSystem/data-absent-reason when the value (for blood
 *     pressure: one of the two pressures) is missing for that reason
 * @param resource the FHIR Observation as the integrator posted it (JSON, with subject and device rewritten to Vigil's
 *     ids), kept so that it can be served back equivalent; null for device readings
 */
public record ReadingRecorded(
        UUID eventId,
        String deviceId,
        String readingId,
        String patientId,
        String type,
        Instant time,
        Instant receivedAt,
        @Nullable Double value,
        @Nullable String unit,
        @Nullable Double systolic,
        @Nullable Double diastolic,
        @Nullable String consciousness,
        @Nullable Boolean supplementalOxygen,
        @Nullable Double oxygenFlow,
        @Nullable String correlationId,
        String source,
        @Nullable List<Double> values,
        @Nullable Double latitude,
        @Nullable Double longitude,
        @Nullable String status,
        @Nullable String dataAbsentReason,
        @Nullable String resource) {

    public static final String SOURCE_DEVICE = "device";
    public static final String SOURCE_FHIR = "fhir";

    /** A reading of the v1 types with no status, absent-data reason or FHIR document (what devices send). */
    public ReadingRecorded(UUID eventId, String deviceId, String readingId, String patientId, String type, Instant time,
            Instant receivedAt, @Nullable Double value, @Nullable String unit, @Nullable Double systolic,
            @Nullable Double diastolic, @Nullable String consciousness, @Nullable Boolean supplementalOxygen,
            @Nullable Double oxygenFlow, @Nullable String correlationId, String source, @Nullable List<Double> values,
            @Nullable Double latitude, @Nullable Double longitude) {
        this(eventId, deviceId, readingId, patientId, type, time, receivedAt, value, unit, systolic, diastolic,
                consciousness, supplementalOxygen, oxygenFlow, correlationId, source, values, latitude, longitude,
                null, null, null);
    }

    /** A reading of the first v1 types (everything but series and events). */
    public ReadingRecorded(UUID eventId, String deviceId, String readingId, String patientId, String type, Instant time,
            Instant receivedAt, @Nullable Double value, @Nullable String unit, @Nullable Double systolic,
            @Nullable Double diastolic, @Nullable String consciousness, @Nullable Boolean supplementalOxygen,
            @Nullable Double oxygenFlow, @Nullable String correlationId, String source) {
        this(eventId, deviceId, readingId, patientId, type, time, receivedAt, value, unit, systolic, diastolic,
                consciousness, supplementalOxygen, oxygenFlow, correlationId, source, null, null, null, null, null,
                null);
    }

    public ReadingRecorded {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(readingId, "readingId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(source, "source");
        values = values == null ? null : List.copyOf(values);
    }

    /** The catalogue entry, empty for a type this consumer does not know yet (a newer producer). */
    public Optional<VitalType> vitalType() {
        return VitalType.fromCode(type);
    }

    /**
     * Whether rules may score and alert on this reading: not cancelled, not entered in error, and with its value (FHIR
     * R4 Observation.status and dataAbsentReason).
     */
    public boolean alertable() {
        return dataAbsentReason == null && !"cancelled".equals(status) && !"entered-in-error".equals(status);
    }
}
