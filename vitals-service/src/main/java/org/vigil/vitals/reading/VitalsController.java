package org.vigil.vitals.reading;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
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

/**
 * The public vitals API: a patient's latest value per type, their readings over a time range, and a numeric type's
 * readings over a range downsampled for a chart.
 */
@RestController
@RequestMapping("/api/v1/patients/{patientId}/vitals")
class VitalsController {

    private static final Duration DEFAULT_RANGE = Duration.ofHours(24);

    private final ReadingQueries queries;
    private final ReadingSeries series;
    private final Patients patients;
    private final PatientAccess access;

    VitalsController(ReadingQueries queries, ReadingSeries series, Patients patients, PatientAccess access) {
        this.queries = queries;
        this.series = series;
        this.patients = patients;
        this.access = access;
    }

    record LatestVitals(String patientId, List<ReadingView> vitals) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VitalsRange(String patientId, @Nullable String type, Instant from, Instant to,
            List<ReadingView> readings) {
    }

    record VitalSeries(String patientId, String type, @Nullable String unit, Instant from, Instant to,
            long bucketSeconds, List<ReadingSeries.Component> components) {
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

    /**
     * One numeric type's alertable readings with {@code from <= time <= to} in at most {@code points + 1} buckets of
     * {@code max(1 s, ceil((to - from) / points))}: min, max, mean and count per non-empty bucket, oldest first.
     */
    @GetMapping("/series")
    VitalSeries series(@PathVariable String patientId, @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String points) {
        VitalType vitalType = ReadingParameters.type(Problems.required("type", type));
        if (vitalType == null || !ReadingSeries.charts(vitalType)) {
            throw Problems.badRequest("type must be a numeric type: " + Arrays.stream(VitalType.values())
                    .filter(ReadingSeries::charts).map(VitalType::code).collect(Collectors.joining(", ")));
        }
        int wanted = Problems.number("points", points, ReadingSeries.DEFAULT_POINTS, 1, ReadingSeries.MAX_POINTS);
        Instant end = Problems.instant("to", to);
        Instant start = Problems.instant("from", from);
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
        long width = ReadingSeries.bucketSeconds(start, end, wanted);
        return new VitalSeries(patientId, vitalType.code(), vitalType.unit(), start, end, width,
                series.buckets(patientId, vitalType, start, end, width));
    }

    /** A series over a range too long to aggregate within the query timeout. */
    @ExceptionHandler(QueryTimeoutException.class)
    ProblemDetail tooLong(QueryTimeoutException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the series took too long to compute; ask for a shorter range (from, to)");
    }

    private void requirePatient(String patientId) {
        if (!patients.exists(patientId)) {
            throw Problems.notFound("no patient with id " + patientId);
        }
    }
}
