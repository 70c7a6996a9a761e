package org.vigil.fhir.write;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import org.hl7.fhir.r4.model.Observation;
import org.jspecify.annotations.Nullable;
import org.vigil.common.events.ReadingRecorded;

/**
 * A posted Observation, checked and read, that waits for the Vigil ids of its patient and device when they are written
 * in the same transaction Bundle. Either a reading or a vital signs panel (a document that is stored, not a reading).
 *
 * @param reading what the Observation records, or null for a panel
 * @param panel the panel, or null for a reading
 * @param document the Observation as it will be stored: no id, meta without version and time
 * @param patient {@code Patient/{id}} or the fullUrl of a Patient entry of the same Bundle
 * @param device a Vigil device ({@code Device/{id}} or a Device entry's fullUrl), or null: then the reading is the
 *     poster's ({@code fhir:<client_id>}, or {@code fhir:<client_id>:<subject>} for a person's token)
 * @param readingId the first identifier as {@code system|value} (cut to 128 characters), else a random UUID
 * @param ifNoneExist the reading id a conditional create (If-None-Exist: identifier=...) names
 */
record Draft(@Nullable PostedReading reading, @Nullable PostedPanel panel, Observation document, Target patient,
        @Nullable Target device, String readingId, @Nullable String ifNoneExist) {

    private static final int MAX_DEVICE_ID = 64;

    /** The Observation's time: the reading's, or the panel's. */
    Instant time() {
        return reading != null ? reading.time() : Objects.requireNonNull(panel).time();
    }

    /** A resource an Observation points at: known to Vigil, or written by an entry of the same Bundle. */
    sealed interface Target {

        record Known(String id) implements Target {
        }

        record InBundle(String fullUrl) implements Target {
        }
    }

    /**
     * Where the reading is claimed (its reading id deduplicated): its Vigil device, else whoever posted it
     * ({@link ObservationWriter#poster}). At most 64 characters, as vitals-service keeps device ids: a longer poster is
     * replaced by the start of its SHA-256.
     */
    static String deviceId(@Nullable String vigilDeviceId, String poster) {
        if (vigilDeviceId != null) {
            return vigilDeviceId;
        }
        String id = "fhir:" + poster;
        if (id.length() <= MAX_DEVICE_ID) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(poster.getBytes(StandardCharsets.UTF_8));
            return ("fhir:" + HexFormat.of().formatHex(digest)).substring(0, MAX_DEVICE_ID);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    ReadingRecorded event(UUID eventId, String patientId, String deviceId, Instant receivedAt,
            @Nullable String correlationId, String resource) {
        return Objects.requireNonNull(reading, "a panel is not a reading").toEvent(eventId, deviceId, readingId,
                patientId, receivedAt, correlationId, resource);
    }
}
