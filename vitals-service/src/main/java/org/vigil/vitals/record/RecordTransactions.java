package org.vigil.vitals.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;
import org.vigil.vitals.Conditional;
import org.vigil.vitals.Problems;
import org.vigil.vitals.device.DeviceRecords;
import org.vigil.vitals.device.NewDeviceRecord;
import org.vigil.vitals.patient.NewPatient;
import org.vigil.vitals.patient.Patients;

/**
 * Writes a FHIR transaction's entries in one database transaction: all or nothing. Patients are written first (so
 * that a device entry may name a patient entry by {@code patientRef}), then devices, then readings (queued in the
 * outbox, see {@link ObservationEntries}), then documents (which may name readings, as a panel names its members),
 * each kind in request order. The first entry that fails rolls everything back, and its problem carries the entry's
 * {@code ref}.
 */
@Service
class RecordTransactions {

    static final int MAX_ENTRIES = 1000;

    private final Patients patients;
    private final DeviceRecords devices;
    private final ObservationEntries observations;
    private final JdbcTemplate jdbc;

    RecordTransactions(Patients patients, DeviceRecords devices, ObservationEntries observations, JdbcTemplate jdbc) {
        this.patients = patients;
        this.devices = devices;
        this.observations = observations;
        this.jdbc = jdbc;
    }

    /** One entry: {@code kind} patient, device, reading or document, with the body of that name. */
    record Entry(@Nullable String ref, @Nullable String kind, @Nullable String method, @Nullable String id,
            @Nullable String ifMatch, @Nullable String ifNoneExist, @Nullable NewPatient patient,
            @Nullable DeviceEntry device, ObservationEntries.@Nullable ReadingEntry reading,
            ObservationEntries.@Nullable DocumentEntry document) {

        Entry(@Nullable String ref, @Nullable String kind, @Nullable String method, @Nullable String id,
                @Nullable String ifMatch, @Nullable String ifNoneExist, @Nullable NewPatient patient,
                @Nullable DeviceEntry device) {
            this(ref, kind, method, id, ifMatch, ifNoneExist, patient, device, null, null);
        }
    }

    /** A device entry's body: a device record, whose patient may be named by another entry's ref. */
    record DeviceEntry(@Nullable String manufacturer, @Nullable String serial, @Nullable String model,
            @Nullable List<String> identifiers, @Nullable Boolean active, @Nullable String patientId,
            @Nullable String patientRef) {
    }

    record Result(String ref, String id, String versionId, Instant lastUpdated, boolean created) {
    }

    @Transactional
    List<Result> apply(@Nullable List<Entry> entries) {
        if (entries == null || entries.isEmpty()) {
            throw Problems.badRequest("entries is required (at least one)");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw Problems.badRequest("entries must be at most " + MAX_ENTRIES);
        }
        Set<String> refs = new HashSet<>();
        for (Entry entry : entries) {
            withRef(entry.ref(), () -> check(entry, refs));
        }
        // Every identifier lock up front, patients' before devices', each in one order: two transactions touching
        // the same identifiers queue instead of deadlocking, whatever order their entries come in.
        List<String> patientIdentifiers = new ArrayList<>();
        List<String> deviceIdentifiers = new ArrayList<>();
        for (Entry entry : entries) {
            withRef(entry.ref(), () -> collectIdentifiers(entry, patientIdentifiers, deviceIdentifiers));
        }
        Conditional.lock(jdbc, Conditional.PATIENT_IDENTIFIERS, patientIdentifiers);
        Conditional.lock(jdbc, Conditional.DEVICE_IDENTIFIERS, deviceIdentifiers);

        Map<String, Result> results = new HashMap<>();
        Map<String, String> references = new HashMap<>();
        for (String kind : List.of("patient", "device", "reading", "document")) {
            for (Entry entry : entries) {
                if (kind.equalsIgnoreCase(entry.kind())) {
                    Result result = withRef(entry.ref(), () -> write(kind, entry, results, references));
                    results.put(ref(entry), result);
                    references.put(ref(entry), switch (kind) {
                        case "patient" -> "Patient/";
                        case "device" -> "Device/";
                        default -> "Observation/";
                    } + result.id());
                }
            }
        }
        return entries.stream().map(entry -> results.get(ref(entry))).toList();
    }

    private Result write(String kind, Entry entry, Map<String, Result> results, Map<String, String> references) {
        return switch (kind) {
            case "patient" -> writePatient(entry);
            case "device" -> writeDevice(entry, results);
            case "reading" -> observation(entry, observations.writeReading(
                    Objects.requireNonNull(entry.reading()), references));
            default -> observation(entry, observations.writeDocument(
                    Objects.requireNonNull(entry.document()), references));
        };
    }

    private static Result observation(Entry entry, ObservationEntries.Written written) {
        return new Result(ref(entry), written.id(), "1", written.lastUpdated(), written.created());
    }

    private static void check(Entry entry, Set<String> refs) {
        String ref = Problems.required("ref", entry.ref(), 500);
        if (!refs.add(ref)) {
            throw Problems.badRequest("ref " + ref + " is used by more than one entry");
        }
        String kind = Problems.required("kind", entry.kind()).toLowerCase(Locale.ROOT);
        if (!List.of("patient", "device", "reading", "document").contains(kind)) {
            throw Problems.badRequest("kind must be patient, device, reading or document");
        }
        String method = Problems.required("method", entry.method()).toUpperCase(Locale.ROOT);
        if (!method.equals("POST") && !method.equals("PUT")) {
            throw Problems.badRequest("method must be POST or PUT");
        }
        if (kind.equals("reading") || kind.equals("document")) {
            if (!method.equals("POST")) {
                throw Problems.badRequest("a " + kind + " entry can only be created (POST)");
            }
            ObservationEntries.ReadingEntry reading = entry.reading();
            ObservationEntries.DocumentEntry document = entry.document();
            if (kind.equals("reading") && reading == null || kind.equals("document") && document == null) {
                throw Problems.badRequest("a " + kind + " entry needs " + kind);
            }
            if (reading != null) {
                ObservationEntries.check(reading);
            }
            if (document != null) {
                ObservationEntries.check(document);
            }
            return;
        }
        if (method.equals("PUT")) {
            Problems.required("id", entry.id());
        }
        if (kind.equals("patient") && entry.patient() == null) {
            throw Problems.badRequest("a patient entry needs patient");
        }
        if (kind.equals("device")) {
            DeviceEntry device = entry.device();
            if (device == null) {
                throw Problems.badRequest("a device entry needs device");
            }
            if (device.patientId() != null && device.patientRef() != null) {
                throw Problems.badRequest("give patientId or patientRef, not both");
            }
        }
    }

    private static void collectIdentifiers(Entry entry, List<String> patientIdentifiers,
            List<String> deviceIdentifiers) {
        if (!isPatient(entry) && !"device".equalsIgnoreCase(entry.kind())) {
            return;
        }
        String criterion = post(entry) ? Conditional.ifNoneExistIdentifier(entry.ifNoneExist()) : null;
        if (isPatient(entry)) {
            NewPatient patient = entry.patient();
            patientIdentifiers.addAll(Conditional.identifiers(patient == null ? null : patient.identifiers()));
            if (criterion != null) {
                patientIdentifiers.add(criterion);
            }
        } else {
            DeviceEntry device = entry.device();
            if (device != null) {
                deviceIdentifiers.addAll(Conditional.identifiers(device.identifiers()));
                if (device.serial() != null) {
                    deviceIdentifiers.add(DeviceRecords.SERIAL_SYSTEM + "|" + device.serial().strip());
                }
            }
            if (criterion != null) {
                deviceIdentifiers.add(criterion);
            }
        }
    }

    private Result writePatient(Entry entry) {
        NewPatient patient = Objects.requireNonNull(entry.patient());
        Patients.Written written = post(entry) ? patients.create(patient, entry.ifNoneExist())
                : patients.update(Objects.requireNonNull(entry.id()), patient, entry.ifMatch());
        return new Result(ref(entry), written.id(), written.versionId(), written.lastUpdated(), written.created());
    }

    private Result writeDevice(Entry entry, Map<String, Result> written) {
        DeviceEntry device = Objects.requireNonNull(entry.device());
        String patientId = device.patientId();
        if (device.patientRef() != null) {
            Result target = written.get(device.patientRef());
            if (target == null) {
                throw Problems.badRequest("patientRef " + device.patientRef() + " names no patient entry");
            }
            patientId = target.id();
        }
        NewDeviceRecord record = new NewDeviceRecord(device.manufacturer(), device.serial(), device.model(),
                device.identifiers(), device.active(), patientId);
        DeviceRecords.Written result = post(entry) ? devices.create(record, entry.ifNoneExist())
                : devices.update(Objects.requireNonNull(entry.id()), record, entry.ifMatch());
        return new Result(ref(entry), result.id(), result.versionId(), result.lastUpdated(), result.created());
    }

    private static boolean isPatient(Entry entry) {
        return "patient".equalsIgnoreCase(entry.kind());
    }

    private static boolean post(Entry entry) {
        return "POST".equalsIgnoreCase(entry.method());
    }

    private static String ref(Entry entry) {
        return Objects.requireNonNull(entry.ref());
    }

    /** Runs one entry's step; a problem it raises names the entry's ref. */
    private static <T> T withRef(@Nullable String ref, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (ResponseStatusException e) {
            if (ref != null) {
                e.getBody().setProperty("ref", ref);
            }
            throw e;
        }
    }

    private static void withRef(@Nullable String ref, Runnable step) {
        withRef(ref, () -> {
            step.run();
            return null;
        });
    }
}
