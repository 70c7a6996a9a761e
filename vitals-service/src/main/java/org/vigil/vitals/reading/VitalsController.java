package org.vigil.vitals.reading;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.common.vitals.VitalType;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.vitals.Problems;
import org.vigil.vitals.patient.Patients;

/** The public vitals API: a patient's latest value per type, and their readings over a time range. */
@RestController
@RequestMapping("/api/v1/patients/{patientId}/vitals")
class VitalsController {

    private static final Duration DEFAULT_RANGE = Duration.ofHours(24);

    private final ReadingQueries queries;
    private final Patients patients;
    private final PatientAccess access;

    VitalsController(ReadingQueries queries, Patients patients, PatientAccess access) {
        this.queries = queries;
        this.patients = patients;
        this.access = access;
    }

    record LatestVitals(String patientId, List<ReadingView> vitals) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VitalsRange(String patientId, @Nullable String type, Instant from, Instant to,
            List<ReadingView> readings) {
    }

    @GetMapping("/latest")
    LatestVitals latest(@PathVariable String patientId) {
        access.check(DataKind.OBSERVATION, Interaction.READ, patientId);
        requirePatient(patientId);
        return new LatestVitals(patientId, queries.latest(patientId));
    }

    /** Readings with {@code from <= time <= to}, oldest first; {@code to} defaults to now, {@code from} to a day before. */
    @GetMapping
    VitalsRange range(@PathVariable String patientId, @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String limit) {
        VitalType vitalType = ReadingParameters.type(type);
        Instant end = Problems.instant("to", to);
        Instant start = Problems.instant("from", from);
        int max = ReadingParameters.limit(limit);
        if (end == null) {
            end = Instant.now();
        }
        if (start == null) {
            start = end.minus(DEFAULT_RANGE);
        }
        if (start.isAfter(end)) {
            throw Problems.badRequest("from must not be after to");
        }
        access.check(DataKind.OBSERVATION, Interaction.SEARCH, patientId);
        requirePatient(patientId);
        List<ReadingView> readings = queries.search(
                ReadingQueries.Search.range(patientId, vitalType, start, end, max));
        return new VitalsRange(patientId, vitalType == null ? null : vitalType.code(), start, end, readings);
    }

    private void requirePatient(String patientId) {
        if (!patients.exists(patientId)) {
            throw Problems.notFound("no patient with id " + patientId);
        }
    }
}
