package org.vigil.fhir.write;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleEntryResponseComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.vigil.fhir.DependencyUnavailableException;
import org.vigil.fhir.FhirAccess;
import org.vigil.fhir.PlainProvider;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;

/**
 * {@code POST /fhir} with a transaction or batch Bundle of Patient, Device and Observation entries.
 *
 * <p><b>Transaction</b>: every entry is checked and access-checked first; any error is that entry's 4xx for the whole
 * Bundle (diagnostics {@code Bundle.entry[i]: ...}) and nothing is written. Then every write goes to vitals-service
 * in one call, one database transaction ({@code POST /internal/v1/record-transactions}): the Patients and Devices,
 * the readings' claims and events (into vitals-service's outbox, which publishes them to Kafka once committed, so
 * they are stored, scored and alerted on like any reading) and the panels' documents. References between entries
 * (urn:uuid fullUrls) become Vigil ids there. So the Bundle is atomic: all of it is written, or none of it, and a
 * committed reading reaches Kafka even if Kafka is down at that moment (ADR 0007).
 *
 * <p><b>Batch</b>: each entry on its own, as if posted alone; each gets its own status, and an OperationOutcome when
 * it failed. Batch entries may not reference each other (FHIR forbids it), so urn:uuid references are refused there.
 *
 * <p>Public because HAPI calls the annotated method reflectively.
 */
@Component
public class BundleProvider implements PlainProvider {

    private final ObservationWriter writer;
    private final WriteVitals vitals;
    private final FhirAccess access;
    private final FhirContext fhir;
    private final int maxEntries;

    BundleProvider(ObservationWriter writer, WriteVitals vitals, FhirAccess access, FhirContext fhir,
            WriteProperties properties) {
        this.writer = writer;
        this.vitals = vitals;
        this.access = access;
        this.fhir = fhir;
        this.maxEntries = properties.maxBundleEntries();
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle) {
        // Each entry may cost an access decision, an audit record and a call to vitals-service: the cap bounds what
        // one request can ask for (the body limit alone lets through thousands of small entries).
        if (bundle.getEntry().size() > maxEntries) {
            throw new PayloadTooLargeException("The Bundle has " + bundle.getEntry().size() + " entries; at most "
                    + maxEntries + " are taken in one transaction or batch (vigil.fhir.write.max-bundle-entries). "
                    + "Split it into several Bundles. Nothing was written.");
        }
        if (bundle.getType() == Bundle.BundleType.TRANSACTION) {
            return transact(bundle);
        }
        if (bundle.getType() == Bundle.BundleType.BATCH) {
            return batch(bundle);
        }
        throw new InvalidRequestException("Bundle.type must be transaction or batch");
    }

    /** A Patient or Device write, as sent to vitals-service, with the entry it answers. */
    private record RecordPlan(int index, RecordTransaction.Entry entry, String type) {
    }

    /** An Observation entry checked and read, waiting for the writes it references; {@code ref} names it. */
    private record ObservationPlan(int index, String ref, Draft draft) {
    }

    private Bundle transact(Bundle bundle) {
        List<BundleEntryComponent> entries = bundle.getEntry();
        Map<String, String> inBundle = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            BundleEntryComponent entry = entries.get(i);
            if (entry.hasFullUrl() && entry.getResource() != null) {
                if (inBundle.put(entry.getFullUrl(), entry.getResource().fhirType()) != null) {
                    throw new InvalidRequestException("Bundle.entry[" + i + "]: fullUrl is used by two entries");
                }
            }
        }
        List<RecordPlan> records = new ArrayList<>();
        List<ObservationPlan> observations = new ArrayList<>();
        ObservationWriter.Lookups lookups = new ObservationWriter.Lookups();
        for (int i = 0; i < entries.size(); i++) {
            try {
                Object plan = plan(i, entries.get(i), inBundle, lookups);
                if (plan instanceof RecordPlan record) {
                    records.add(record);
                } else {
                    observations.add((ObservationPlan) plan);
                }
            } catch (BaseServerResponseException e) {
                throw at(i, e);
            }
        }

        List<RecordTransaction.Entry> writes = new ArrayList<>();
        records.forEach(record -> writes.add(record.entry()));
        for (ObservationPlan observation : observations) {
            writes.add(writer.transactionEntry(observation.ref(), observation.draft()));
        }
        RecordTransaction.Result result = vitals.recordTransaction(new RecordTransaction(writes));
        Map<String, RecordTransaction.Written> byRef = new HashMap<>();
        result.entries().forEach(w -> byRef.put(w.ref(), w));
        BundleEntryResponseComponent[] responses = new BundleEntryResponseComponent[entries.size()];
        List<String> patients = new ArrayList<>();
        for (RecordPlan record : records) {
            RecordTransaction.Written w = written(byRef, record.entry().ref());
            if (record.type().equals("Patient")) {
                patients.add(w.id());
            }
            responses[record.index()] = response(record.type(), w.id(), w.versionId(), Date.from(w.lastUpdated()),
                    w.created());
        }
        for (ObservationPlan observation : observations) {
            RecordTransaction.Written w = written(byRef, observation.ref());
            responses[observation.index()] = observationResponse(w.id(), w.created());
        }
        if (!patients.isEmpty()) {
            access.recordWrite(DataKind.PATIENT, Interaction.CREATE, patients, "The transaction");
        }
        Bundle answer = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (BundleEntryResponseComponent response : responses) {
            answer.addEntry().setResponse(response);
        }
        return answer;
    }

    private static RecordTransaction.Written written(Map<String, RecordTransaction.Written> byRef, String ref) {
        RecordTransaction.Written w = byRef.get(ref);
        if (w == null) {
            throw new DependencyUnavailableException("vitals-service did not answer for every entry", null);
        }
        return w;
    }

    private Bundle batch(Bundle bundle) {
        Bundle answer = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
        List<BundleEntryComponent> entries = bundle.getEntry();
        for (int i = 0; i < entries.size(); i++) {
            BundleEntryResponseComponent response;
            try {
                response = single(i, entries.get(i));
            } catch (BaseServerResponseException e) {
                response = new BundleEntryResponseComponent().setStatus(status(e.getStatusCode()));
                OperationOutcome outcome = new OperationOutcome();
                outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                        .setCode(OperationOutcome.IssueType.PROCESSING).setDiagnostics(e.getMessage());
                response.setOutcome(outcome);
            }
            answer.addEntry().setResponse(response);
        }
        return answer;
    }

    private BundleEntryResponseComponent single(int index, BundleEntryComponent entry) {
        if (entry.getResource() instanceof Observation observation) {
            if (entry.getRequest().getMethod() != HTTPVerb.POST) {
                throw new InvalidRequestException("Observations can only be created (POST)");
            }
            ObservationWriter.Written written = writer.create(observation,
                    entry.getRequest().hasIfNoneExist() ? entry.getRequest().getIfNoneExist() : null);
            return observationResponse(written.id(), written.created());
        }
        RecordPlan record = (RecordPlan) plan(index, entry, Map.of(), new ObservationWriter.Lookups());
        RecordTransaction.Written w = vitals.recordTransaction(new RecordTransaction(List.of(record.entry())))
                .entries().get(0);
        if (record.type().equals("Patient")) {
            access.recordWrite(DataKind.PATIENT, Interaction.CREATE, List.of(w.id()), "Patient/" + w.id());
        }
        return response(record.type(), w.id(), w.versionId(), Date.from(w.lastUpdated()), w.created());
    }

    /**
     * Checks one entry and the caller's access to it, with exactly the function the direct interaction calls
     * ({@link FhirAccess#checkPatientWrite}, {@link FhirAccess#checkDeviceWrite}, {@link ObservationWriter#prepare});
     * nothing is written.
     */
    private Object plan(int index, BundleEntryComponent entry, Map<String, String> inBundle,
            ObservationWriter.Lookups lookups) {
        Resource resource = entry.getResource();
        if (resource == null) {
            throw new InvalidRequestException("an entry needs a resource");
        }
        HTTPVerb method = entry.getRequest().getMethod();
        String ref = entry.hasFullUrl() ? entry.getFullUrl() : "entry-" + index;
        @Nullable String ifNoneExist = entry.getRequest().hasIfNoneExist() ? entry.getRequest().getIfNoneExist()
                : null;
        switch (resource) {
            case Observation observation -> {
                if (method != HTTPVerb.POST) {
                    throw new InvalidRequestException("Observations can only be created (POST)");
                }
                return new ObservationPlan(index, ref, writer.prepare(observation, ifNoneExist, inBundle, lookups));
            }
            case Patient patient -> {
                @Nullable String id = target(method, entry, "Patient");
                access.checkPatientWrite(id);
                return new RecordPlan(index, new RecordTransaction.Entry(ref, "patient", method.toCode(), id,
                        ifMatch(entry), ifNoneExist, RecordBodies.patient(patient, fhir), null), "Patient");
            }
            case Device device -> {
                @Nullable String id = target(method, entry, "Device");
                access.checkDeviceWrite(id);
                @Nullable String patientId = null;
                @Nullable String patientRef = null;
                if (device.hasPatient() && device.getPatient().hasReference()) {
                    String reference = device.getPatient().getReference();
                    if ("Patient".equals(inBundle.get(reference))) {
                        patientRef = reference;
                    } else if (reference.startsWith("Patient?")) {
                        patientId = writer.conditional(reference, "Patient", lookups);
                    } else {
                        patientId = ObservationWriter.localId(reference, "Patient", "Device.patient");
                    }
                }
                return new RecordPlan(index, new RecordTransaction.Entry(ref, "device", method.toCode(), id,
                        ifMatch(entry), ifNoneExist, null, RecordBodies.device(device, patientId, patientRef)),
                        "Device");
            }
            default -> throw new UnprocessableEntityException(resource.fhirType()
                    + " entries are not supported; a Bundle may hold Patient, Device and Observation entries");
        }
    }

    /** The id a PUT names ({@code Patient/{id}}), or null for a POST. */
    private static @Nullable String target(HTTPVerb method, BundleEntryComponent entry, String type) {
        if (method == HTTPVerb.POST) {
            return null;
        }
        if (method != HTTPVerb.PUT) {
            throw new InvalidRequestException(type + " entries support POST and PUT");
        }
        return ObservationWriter.localId(entry.getRequest().getUrl(), type, "Bundle.entry.request.url");
    }

    private static @Nullable String ifMatch(BundleEntryComponent entry) {
        if (!entry.getRequest().hasIfMatch()) {
            return null;
        }
        String etag = entry.getRequest().getIfMatch();
        return etag.replaceFirst("^W/", "").replace("\"", "");
    }

    private static BundleEntryResponseComponent response(String type, String id, String versionId, Date lastUpdated,
            boolean created) {
        return new BundleEntryResponseComponent().setStatus(created ? "201 Created" : "200 OK")
                .setLocation(type + "/" + id + "/_history/" + versionId).setEtag("W/\"" + versionId + "\"")
                .setLastModified(lastUpdated);
    }

    private static BundleEntryResponseComponent observationResponse(String id, boolean created) {
        return new BundleEntryResponseComponent().setStatus(created ? "201 Created" : "200 OK")
                .setLocation("Observation/" + id + "/_history/1").setEtag("W/\"1\"");
    }

    private static String status(int code) {
        return switch (code) {
            case 400 -> "400 Bad Request";
            case 401 -> "401 Unauthorized";
            case 403 -> "403 Forbidden";
            case 404 -> "404 Not Found";
            case 409 -> "409 Conflict";
            case 412 -> "412 Precondition Failed";
            case 422 -> "422 Unprocessable Entity";
            case 503 -> "503 Service Unavailable";
            default -> String.valueOf(code);
        };
    }

    /** The entry's error for the whole transaction, with the same status, naming the entry. */
    private static BaseServerResponseException at(int index, BaseServerResponseException e) {
        BaseServerResponseException named = BaseServerResponseException.newInstance(e.getStatusCode(),
                "Bundle.entry[" + index + "]: " + e.getMessage());
        if (e.getResponseHeaders() != null) {
            e.getResponseHeaders().forEach((name, values) -> values.forEach(v -> named.addResponseHeader(name, v)));
        }
        return named;
    }
}
