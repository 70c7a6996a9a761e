package org.vigil.fhir.write;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.StoredDocuments;
import org.vigil.common.events.Topics;
import org.vigil.common.vitals.VitalType;
import org.vigil.fhir.DependencyUnavailableException;
import org.vigil.fhir.FhirAccess;
import org.vigil.fhir.observation.ObservationEvents;
import org.vigil.fhir.write.Draft.Target;
import org.vigil.service.Correlation;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.VigilPrincipal;

/**
 * Turns posted Observations into readings on Kafka, exactly once per (device, reading id): check and read the
 * Observation, resolve and access-check its patient (OBSERVATION CREATE) and device, claim the reading id with
 * vitals-service, publish, and release the claim if publishing fails. A reading id claimed before is a duplicate: the
 * answer names the Observation already stored. A vital signs panel (85353-1) is not a reading: vitals-service stores
 * its document, exactly once per (device, identifier) too. In a transaction Bundle, both are written by vitals-service
 * in the Bundle's database transaction ({@link #transactionEntry}).
 */
@Component
class ObservationWriter {

    static final int MAX_READING_ID = 128;
    private static final int DUPLICATE_LOOKUPS = 6;
    private static final long DUPLICATE_WAIT_MILLIS = 500;

    private final WriteVitals vitals;
    private final ReadingPublisher publisher;
    private final FhirAccess access;
    private final FhirContext fhir;
    private final Clock clock;

    @Autowired
    ObservationWriter(WriteVitals vitals, ReadingPublisher publisher, FhirAccess access, FhirContext fhir) {
        this(vitals, publisher, access, fhir, Clock.systemUTC());
    }

    ObservationWriter(WriteVitals vitals, ReadingPublisher publisher, FhirAccess access, FhirContext fhir,
            Clock clock) {
        this.vitals = vitals;
        this.publisher = publisher;
        this.access = access;
        this.fhir = fhir;
        this.clock = clock;
    }

    /** The outcome of one Observation: its id and whether it was recorded now (or before, a duplicate). */
    record Written(String id, boolean created, @Nullable Observation stored) {
    }

    /** {@code POST /fhir/Observation}, with the If-None-Exist query if the client sent one. */
    Written create(Observation posted, @Nullable String ifNoneExist) {
        Draft draft = prepare(posted, ifNoneExist, Map.of(), new Lookups());
        if (draft.panel() != null) {
            return createPanel(draft);
        }
        String patientId = ((Target.Known) draft.patient()).id();
        @Nullable String vigilDevice = draft.device() == null ? null : ((Target.Known) draft.device()).id();
        Optional<Written> existing = existing(draft, patientId, vigilDevice);
        if (existing.isPresent()) {
            return existing.get();
        }
        Pending pending = pending(draft, patientId, vigilDevice);
        if (!vitals.claim(pending.deviceId(), List.of(draft.readingId())).contains(draft.readingId())) {
            return duplicate(pending.deviceId(), draft.readingId());
        }
        try {
            publisher.publish(pending.event());
        } catch (RuntimeException e) {
            vitals.release(pending.deviceId(), List.of(draft.readingId()));
            throw e;
        }
        return new Written(pending.event().eventId().toString(), true, stored(pending));
    }

    /**
     * A vital signs panel: stored by vitals-service as its document (a one-entry record transaction), exactly once per
     * (device or client, identifier). It is not a reading, so it is neither scored nor alerted on; its members are.
     */
    private Written createPanel(Draft draft) {
        RecordTransaction.Entry entry = transactionEntry("panel", draft);
        RecordTransaction.Written written = vitals.recordTransaction(new RecordTransaction(List.of(entry)))
                .entries().get(0);
        if (!written.created()) {
            return new Written(written.id(), false, null);
        }
        Observation stored = resolved(draft, ((Target.Known) draft.patient()).id(),
                draft.device() == null ? null : ((Target.Known) draft.device()).id());
        return new Written(written.id(), true, ObservationEvents.stamp(stored, written.id(), written.lastUpdated()));
    }

    /**
     * A transaction Bundle's Observation entry as vitals-service writes it in the Bundle's database transaction: a
     * reading (its event, published through the outbox) or a panel's document. A patient or device of the same Bundle
     * is named by its fullUrl ({@code patientRef}, {@code deviceRef}) and left as that fullUrl in the document, for
     * vitals-service to replace with its id once written; so are the fullUrls a panel's hasMember names.
     */
    RecordTransaction.Entry transactionEntry(String ref, Draft draft) {
        @Nullable String patientId = draft.patient() instanceof Target.Known known ? known.id() : null;
        @Nullable String patientRef = draft.patient() instanceof Target.InBundle inBundle ? inBundle.fullUrl() : null;
        @Nullable String vigilDevice = draft.device() instanceof Target.Known known ? known.id() : null;
        @Nullable String deviceRef = draft.device() instanceof Target.InBundle inBundle ? inBundle.fullUrl() : null;
        @Nullable String deviceId = deviceRef != null ? null : Draft.deviceId(vigilDevice, poster());
        Observation document = resolved(draft, patientId, vigilDevice);
        String json = encode(document);
        Instant now = clock.instant();
        PostedPanel panel = draft.panel();
        if (panel != null) {
            return new RecordTransaction.Entry(ref, "document", "POST", null, null, null, null, null, null,
                    new RecordTransaction.DocumentBody(UUID.randomUUID().toString(), patientId, patientRef, deviceId,
                            deviceRef, draft.readingId(), draft.ifNoneExist(), VitalType.VITAL_SIGNS_PANEL_LOINC,
                            panel.time(), now, panel.status(), json));
        }
        // The entry refs stand in for ids vitals-service assigns in the same transaction; it replaces them.
        ReadingRecorded event = draft.event(UUID.randomUUID(), patientId != null ? patientId : patientRef,
                deviceId != null ? deviceId : Objects.requireNonNull(deviceRef), now, MDC.get(Correlation.MDC_KEY),
                json);
        return new RecordTransaction.Entry(ref, "reading", "POST", null, null, null, null, null,
                new RecordTransaction.ReadingBody(new String(Topics.READING_RECORDED.codec().encode(event),
                        StandardCharsets.UTF_8), patientRef, deviceRef, draft.ifNoneExist()), null);
    }

    /**
     * The document with its subject and device as stored: {@code Patient/{id}} and {@code Device/{id}} when known
     * (a conditional reference resolved), else the fullUrl of the Bundle entry that writes them.
     */
    private static Observation resolved(Draft draft, @Nullable String patientId, @Nullable String vigilDevice) {
        Observation document = draft.document().copy();
        if (patientId != null) {
            document.getSubject().setReference("Patient/" + patientId);
        } else if (draft.patient() instanceof Target.InBundle inBundle) {
            document.getSubject().setReference(inBundle.fullUrl());
        }
        if (vigilDevice != null) {
            document.getDevice().setReference("Device/" + vigilDevice);
        } else if (draft.device() instanceof Target.InBundle inBundle) {
            document.getDevice().setReference(inBundle.fullUrl());
        }
        return document;
    }

    /**
     * Checks and reads an Observation, and resolves and access-checks what it references. References to entries of
     * the same Bundle ({@code inBundle}: fullUrl to resource type) stay pending; the caller then needs a system scope
     * for Observations of every patient, since the patient does not exist yet.
     */
    Draft prepare(Observation posted, @Nullable String ifNoneExist, Map<String, String> inBundle, Lookups lookups) {
        Instant now = clock.instant();
        boolean isPanel = ObservationReadings.isPanel(posted.getCode());
        @Nullable PostedReading reading = isPanel ? null : ObservationReadings.read(posted, now);
        @Nullable PostedPanel panel = isPanel ? ObservationReadings.panel(posted, now) : null;
        Instant time = reading != null ? reading.time() : Objects.requireNonNull(panel).time();
        Target patient = patient(posted.getSubject(), inBundle, lookups);
        switch (patient) {
            case Target.Known known -> {
                if (lookups.patients.add(known.id())) {
                    access.check(DataKind.OBSERVATION, Interaction.CREATE, known.id());
                    if (!vitals.patientExists(known.id())) {
                        throw new UnprocessableEntityException("Observation.subject: Patient/" + known.id()
                                + " does not exist");
                    }
                }
            }
            case Target.InBundle ignored -> {
                if (!access.scope(DataKind.OBSERVATION, Interaction.CREATE).all()) {
                    access.checkKind(DataKind.OBSERVATION, Interaction.CREATE,
                            "Observations of a Patient created in the same Bundle need a system/Observation.c scope");
                }
            }
        }
        if (panel != null) {
            members(posted, inBundle);
        }
        @Nullable Target device = device(posted, patient, time, inBundle, lookups);
        @Nullable String conditional = ifNoneExist == null ? null : conditionalReadingId(ifNoneExist);
        return new Draft(reading, panel, document(posted), patient, device, readingId(posted), conditional);
    }

    /**
     * A panel's members are kept as given, except that a {@code urn:} reference must name an Observation entry of the
     * same transaction Bundle (which becomes that Observation's id); anywhere else it would point at nothing.
     */
    private static void members(Observation panel, Map<String, String> inBundle) {
        for (int i = 0; i < panel.getHasMember().size(); i++) {
            String reference = panel.getHasMember().get(i).getReference();
            if (reference.startsWith("urn:") && !"Observation".equals(inBundle.get(reference))) {
                throw new UnprocessableEntityException("Observation.hasMember[" + i + "] is a urn: reference that"
                        + " names no Observation entry of the same transaction Bundle");
            }
        }
    }

    /** A conditional create whose reading is stored already: that Observation, not recorded again. */
    Optional<Written> existing(Draft draft, String patientId, @Nullable String vigilDevice) {
        if (draft.ifNoneExist() == null) {
            return Optional.empty();
        }
        return vitals.storedReading(Draft.deviceId(vigilDevice, poster()), draft.ifNoneExist())
                .map(id -> new Written(id, false, null));
    }

    /** A draft with its ids known: the event to publish and where it is claimed. */
    record Pending(String deviceId, ReadingRecorded event, Observation document) {
    }

    Pending pending(Draft draft, String patientId, @Nullable String vigilDevice) {
        Observation document = resolved(draft, patientId, vigilDevice);
        String deviceId = Draft.deviceId(vigilDevice, poster());
        ReadingRecorded event = draft.event(UUID.randomUUID(), patientId, deviceId, clock.instant(),
                MDC.get(Correlation.MDC_KEY), encode(document));
        return new Pending(deviceId, event, document);
    }

    /**
     * The document as stored. One holding a NUL character is refused here: PostgreSQL cannot store it, so accepting it
     * would acknowledge an Observation that vitals-service then has to drop.
     */
    private String encode(Observation document) {
        String json = fhir.newJsonParser().encodeResourceToString(document);
        if (StoredDocuments.escapesNul(json)) {
            throw new UnprocessableEntityException("the Observation holds a NUL character (U+0000), which cannot be"
                    + " stored; remove it");
        }
        return json;
    }

    /** The Observation as it is read back: the stored document with id, version 1 and receipt time. */
    static Observation stored(Pending pending) {
        return ObservationEvents.stamp(pending.document().copy(), pending.event().eventId().toString(),
                pending.event().receivedAt());
    }

    /**
     * A reading id claimed before: the stored Observation's id. The first copy may still be on its way through Kafka;
     * a few short waits cover that, after which the client is asked to retry (503), not told of a conflict.
     */
    Written duplicate(String deviceId, String readingId) {
        for (int i = 0; i < DUPLICATE_LOOKUPS; i++) {
            Optional<String> stored = vitals.storedReading(deviceId, readingId);
            if (stored.isPresent()) {
                return new Written(stored.get(), false, null);
            }
            try {
                Thread.sleep(DUPLICATE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        DependencyUnavailableException retry = new DependencyUnavailableException("an Observation with this"
                + " identifier was accepted moments ago and is still being stored; retry to get its id", null);
        retry.addResponseHeader("Retry-After", "2");
        throw retry;
    }

    private Target patient(Reference subject, Map<String, String> inBundle, Lookups lookups) {
        if (!subject.hasReference()) {
            throw new UnprocessableEntityException("Observation.subject must reference a Patient (Patient/{id})");
        }
        String reference = subject.getReference();
        if ("Patient".equals(inBundle.get(reference))) {
            return new Target.InBundle(reference);
        }
        if (reference.startsWith("Patient?")) {
            return new Target.Known(conditional(reference, "Patient", lookups));
        }
        String id = localId(reference, "Patient", "Observation.subject");
        return new Target.Known(id);
    }

    /**
     * {@code Device/{id}} must be a Vigil device, assigned to the patient at the reading's time (when the patient is
     * known). Any other reference (a DeviceMetric, another server's Device) is kept in the document as given, and the
     * reading is the posting client's.
     */
    private @Nullable Target device(Observation posted, Target patient, Instant time, Map<String, String> inBundle,
            Lookups lookups) {
        if (!posted.hasDevice() || !posted.getDevice().hasReference()) {
            return null;
        }
        String reference = posted.getDevice().getReference();
        if ("Device".equals(inBundle.get(reference))) {
            return new Target.InBundle(reference);
        }
        String id;
        if (reference.startsWith("Device?")) {
            id = conditional(reference, "Device", lookups);
        } else if (reference.startsWith("Device/")) {
            id = localId(reference, "Device", "Observation.device");
        } else {
            return null;
        }
        WriteVitals.DeviceRecord record = lookups.devices.computeIfAbsent(id, vitals::device)
                .orElseThrow(() -> new UnprocessableEntityException("Observation.device: Device/" + id
                        + " does not exist"));
        if (patient instanceof Target.Known known && !record.assignedTo(known.id(), time)) {
            throw new UnprocessableEntityException("Observation.device: Device/" + id + " was not assigned to"
                    + " Patient/" + known.id() + " at the Observation's time");
        }
        return new Target.Known(id);
    }

    /**
     * What checking the Observations of one request (one Bundle) has looked up already: many Observations of one
     * patient make one access decision (one audit record) and one look-up of that patient, and each device and
     * conditional reference is resolved once.
     */
    static final class Lookups {

        private final Set<String> patients = new HashSet<>();
        private final Map<String, Optional<WriteVitals.DeviceRecord>> devices = new HashMap<>();
        private final Map<String, String> conditionals = new HashMap<>();
    }

    /** {@link #conditional(String, String)}, once per reference and request. */
    String conditional(String reference, String type, Lookups lookups) {
        @Nullable String known = lookups.conditionals.get(reference);
        if (known != null) {
            return known;
        }
        String id = conditional(reference, type);
        lookups.conditionals.put(reference, id);
        return id;
    }

    /** {@code Patient?identifier=system|value}: exactly one match, found by a caller who may search every patient. */
    private String conditional(String reference, String type) {
        String query = reference.substring(type.length() + 1);
        String identifier = identifierQuery(query, "a conditional reference " + type + "?...");
        DataKind kind = type.equals("Patient") ? DataKind.PATIENT : DataKind.DEVICE;
        if (!access.scope(kind, Interaction.SEARCH).all()) {
            access.checkKind(kind, Interaction.SEARCH,
                    "Resolving " + type + "?identifier=... needs a system/" + type + ".s scope");
        }
        List<String> ids = type.equals("Patient") ? vitals.patientsByIdentifier(identifier)
                : vitals.devicesByIdentifier(identifier);
        if (ids.size() != 1) {
            throw new UnprocessableEntityException("the conditional reference " + type + "?identifier=... matches "
                    + (ids.isEmpty() ? "no " + type : "more than one " + type) + "; it must match exactly one");
        }
        return ids.get(0);
    }

    static String localId(String reference, String type, String element) {
        String prefix = type + "/";
        String id = reference.startsWith(prefix) ? reference.substring(prefix.length()) : "";
        int history = id.indexOf("/_history/");
        if (history >= 0) {
            id = id.substring(0, history);
        }
        if (id.isBlank() || id.contains("/") || id.contains("?")) {
            throw new UnprocessableEntityException(element + " must be a reference " + type + "/{id} to a " + type
                    + " of this server" + (type.equals("Patient") ? " (or Patient?identifier=system|value)" : ""));
        }
        return id;
    }

    /** The reading id an If-None-Exist names: {@code identifier=system|value} (or a value without a system). */
    static String conditionalReadingId(String ifNoneExist) {
        String query = ifNoneExist.contains("?") ? ifNoneExist.substring(ifNoneExist.indexOf('?') + 1) : ifNoneExist;
        String identifier = identifierQuery(query, "If-None-Exist");
        return cut(identifier.startsWith("|") ? identifier.substring(1) : identifier);
    }

    private static String identifierQuery(String query, String what) {
        String[] parts = query.split("&");
        if (parts.length != 1 || !parts[0].startsWith("identifier=") || parts[0].length() == "identifier=".length()) {
            throw new InvalidRequestException(what + " supports exactly one parameter, identifier=[system|]value");
        }
        return URLDecoder.decode(parts[0].substring("identifier=".length()), StandardCharsets.UTF_8);
    }

    /** The first identifier with a value, as {@code system|value} (or the value alone without a system). */
    static String readingId(Observation observation) {
        for (Identifier identifier : observation.getIdentifier()) {
            if (identifier.hasValue() && !identifier.getValue().isBlank()) {
                return cut(identifier.hasSystem() ? identifier.getSystem() + "|" + identifier.getValue()
                        : identifier.getValue());
            }
        }
        return UUID.randomUUID().toString();
    }

    private static String cut(String id) {
        return id.length() > MAX_READING_ID ? id.substring(0, MAX_READING_ID) : id;
    }

    /** The posted Observation without its id and without the meta the server assigns (profiles and tags stay). */
    private static Observation document(Observation posted) {
        Observation document = posted.copy();
        document.setIdElement(null);
        Meta meta = document.getMeta();
        meta.setVersionIdElement(null);
        meta.setLastUpdatedElement(null);
        meta.setSourceElement(null);
        if (meta.isEmpty()) {
            document.setMeta(null);
        }
        return document;
    }

    /**
     * Whose namespace a reading without a Vigil device is claimed in: a backend client's own, or for a person's token
     * the client and the person ({@code vigil-dashboard:ada}). Every clinician signs in through the one dashboard
     * client: keyed by the client alone, one clinician's Observation would count as a duplicate of another's with the
     * same identifier, and be dropped (issue 13).
     */
    static String poster() {
        return VigilPrincipal.current().map(p -> {
            String client = p.clientId() != null ? p.clientId() : p.subject();
            return p.type() == VigilPrincipal.AgentType.CLIENT || client.equals(p.subject())
                    ? client : client + ":" + p.subject();
        }).orElse("anonymous");
    }
}
