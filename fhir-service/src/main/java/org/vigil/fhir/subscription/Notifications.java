package org.vigil.fhir.subscription;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.common.events.AlertChanged;
import org.vigil.common.events.ObservationDocumentRecorded;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.vitals.VitalType;
import org.vigil.fhir.flag.AlertView;
import org.vigil.fhir.flag.FlagMapper;
import org.vigil.fhir.observation.ObservationEvents;

/**
 * Turns an event into one {@code notification} row per matching Subscription, keyed by (subscription, event id) and
 * inserted with {@code ON CONFLICT DO NOTHING}: an event handled twice (a redelivery after a crash or a rebalance)
 * notifies nobody twice. The body is made now, in the subscriber's payload format, so that delivery needs no other
 * service.
 */
@Component
class Notifications {

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    /** Changes that change what the Flag says; comments and escalations do not. */
    private static final List<String> FLAG_CHANGES = List.of(AlertChanged.RAISED, AlertChanged.UPDATED,
            AlertChanged.ACKNOWLEDGED, AlertChanged.RESOLVED);

    private final SubscriptionStore subscriptions;
    private final JdbcClient jdbc;
    private final FhirContext fhir;
    private final Clock clock = Clock.systemUTC();

    Notifications(SubscriptionStore subscriptions, JdbcClient jdbc, FhirContext fhir) {
        this.subscriptions = subscriptions;
        this.jdbc = jdbc;
        this.fhir = fhir;
    }

    /** @return how many notifications were made */
    @Transactional
    int reading(ReadingRecorded reading) {
        List<StoredSubscription> matched = subscriptions.matching(Criteria.OBSERVATION, reading.patientId(),
                reading.type(), reading.receivedAt());
        if (matched.isEmpty()) {
            return 0;
        }
        IBaseResource observation;
        try {
            observation = observation(reading);
        } catch (RuntimeException e) {
            // Only the type: a message might quote the reading.
            log.warn("A reading could not be mapped for its subscribers ({}); none notified",
                    e.getClass().getSimpleName());
            return 0;
        }
        return insert(matched, reading.eventId(), "Observation/" + reading.eventId(), observation,
                reading.patientId());
    }

    /** A stored Observation document (a vital signs panel): matched as an Observation of its patient and code. */
    @Transactional
    int document(ObservationDocumentRecorded document) {
        List<StoredSubscription> matched = subscriptions.matching(Criteria.OBSERVATION, document.patientId(),
                VitalType.VITAL_SIGNS_PANEL_LOINC.equals(document.code()) ? Criteria.PANEL : document.code(),
                document.receivedAt());
        if (matched.isEmpty()) {
            return 0;
        }
        IBaseResource observation;
        try {
            observation = posted(document.resource(), document.documentId(), document.receivedAt());
        } catch (RuntimeException e) {
            log.warn("A document could not be mapped for its subscribers ({}); none notified",
                    e.getClass().getSimpleName());
            return 0;
        }
        return insert(matched, document.documentId(), "Observation/" + document.documentId(), observation,
                document.patientId());
    }

    /** @return how many notifications were made */
    @Transactional
    int alert(AlertChanged change) {
        if (!FLAG_CHANGES.contains(change.change())) {
            return 0;
        }
        List<StoredSubscription> matched = subscriptions.matching(Criteria.FLAG, change.patientId(), null,
                change.occurredAt());
        if (matched.isEmpty()) {
            return 0;
        }
        return insert(matched, change.eventId(), "Flag/" + change.alertId(), FlagMapper.toFlag(AlertView.of(change)),
                change.patientId());
    }

    private int insert(List<StoredSubscription> matched, UUID eventId, String reference, IBaseResource resource,
            String patientId) {
        Instant now = clock.instant();
        int made = 0;
        for (StoredSubscription subscription : matched) {
            made += jdbc.sql("""
                    insert into notification (subscription_id, event_id, resource_ref, body, created_at,
                                              next_attempt_at, patient_id)
                    values (:subscription, :event, :ref, :body, :now, :now, :patient)
                    on conflict (subscription_id, event_id) do nothing""")
                    .param("subscription", subscription.id())
                    .param("event", eventId)
                    .param("ref", reference)
                    .param("body", body(subscription.payload(), resource))
                    .param("now", SubscriptionStore.utc(now))
                    .param("patient", patientId)
                    .update();
        }
        return made;
    }

    private byte @Nullable [] body(@Nullable String payload, IBaseResource resource) {
        if (payload == null) {
            return null;
        }
        String text = payload.equals("application/fhir+xml") ? fhir.newXmlParser().encodeResourceToString(resource)
                : fhir.newJsonParser().encodeResourceToString(resource);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The Observation a read returns: the document an integrator posted (id = event id, version 1, lastUpdated =
     * receivedAt), or the reading mapped.
     */
    private IBaseResource observation(ReadingRecorded reading) {
        if (reading.resource() != null) {
            return posted(reading.resource(), reading.eventId(), reading.receivedAt());
        }
        return ObservationEvents.toObservation(reading);
    }

    /** A posted Observation as a read returns it: id, version 1, lastUpdated = when it was received. */
    private Observation posted(String resource, UUID id, Instant receivedAt) {
        return ObservationEvents.stamp(fhir.newJsonParser().parseResource(Observation.class, resource), id.toString(),
                receivedAt);
    }
}
