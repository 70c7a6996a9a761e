package org.vigil.fhir.observation;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.vitals.VitalType;
import tools.jackson.databind.json.JsonMapper;

/**
 * A published reading ({@link ReadingRecorded}) as the Observation a read of it returns, for subscription
 * notifications (org.vigil.fhir.subscription): the event is put in the reading view's JSON shape and mapped by
 * {@link ObservationMapper}, so the two never drift apart.
 */
public final class ObservationEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ObservationEvents() {
    }

    /** @throws IllegalArgumentException for a reading type this service does not know (a newer producer) */
    public static Observation toObservation(ReadingRecorded reading) {
        VitalType type = reading.vitalType().orElseThrow(() -> new IllegalArgumentException("unknown reading type"));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", reading.eventId().toString());
        view.put("deviceId", reading.deviceId());
        view.put("readingId", reading.readingId());
        view.put("patientId", reading.patientId());
        view.put("type", reading.type());
        view.put("time", reading.time().toString());
        view.put("receivedAt", reading.receivedAt().toString());
        view.put("source", reading.source());
        put(view, "value", reading.value());
        put(view, "unit", reading.unit());
        put(view, "systolic", reading.systolic());
        put(view, "diastolic", reading.diastolic());
        put(view, "consciousness", reading.consciousness());
        put(view, "supplementalOxygen", reading.supplementalOxygen());
        put(view, "oxygenFlow", reading.oxygenFlow());
        put(view, "values", reading.values());
        put(view, "latitude", reading.latitude());
        put(view, "longitude", reading.longitude());
        put(view, "status", reading.status());
        put(view, "dataAbsentReason", reading.dataAbsentReason());
        return ObservationMapper.toObservation(JSON.convertValue(view, ReadingView.class), type);
    }

    /**
     * A posted Observation document as every read, search and notification serves it: {@code id} its Vigil id,
     * {@code meta.versionId} 1 (stored Observations never change), {@code meta.lastUpdated} when it was received.
     */
    public static Observation stamp(Observation document, String id, Instant receivedAt) {
        document.setId(new IdType("Observation", id));
        document.getMeta().setVersionId("1").setLastUpdated(Date.from(receivedAt));
        return document;
    }

    private static void put(Map<String, Object> view, String name, Object value) {
        if (value != null) {
            view.put(name, value);
        }
    }
}
