package org.vigil.vitals.glucose;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.vitals.Problems;
import org.vigil.vitals.glucose.GlucoseMetrics.Report;
import org.vigil.vitals.patient.Patients;

/** The public glucose (CGM) report of a patient over a period, 14 days by default as the consensus recommends. */
@RestController
class GlucoseReportController {

    static final Duration DEFAULT_PERIOD = Duration.ofDays(14);
    /** Longer periods are for trends, not one AGP; the readings are loaded, so this also bounds the memory used. */
    static final Duration MAX_PERIOD = Duration.ofDays(90);
    private static final ZoneId UTC = ZoneId.of("UTC");

    private final GlucoseReadings readings;
    private final Patients patients;
    private final PatientAccess access;

    GlucoseReportController(GlucoseReadings readings, Patients patients, PatientAccess access) {
        this.readings = readings;
        this.patients = patients;
        this.access = access;
    }

    @GetMapping("/api/v1/patients/{patientId}/glucose-report")
    Report report(@PathVariable String patientId, @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to, @RequestParam(required = false) @Nullable String tz) {
        Instant end = Problems.instant("to", to);
        Instant start = Problems.instant("from", from);
        if (end == null) {
            end = Instant.now();
        }
        if (start == null) {
            start = end.minus(DEFAULT_PERIOD);
        }
        if (start.isAfter(end)) {
            throw Problems.badRequest("from must not be after to");
        }
        if (Duration.between(start, end).compareTo(MAX_PERIOD) > 0) {
            throw Problems.badRequest("from and to must be at most " + MAX_PERIOD.toDays() + " days apart");
        }
        ZoneId zone = zone(tz);
        access.check(DataKind.OBSERVATION, Interaction.SEARCH, patientId);
        if (!patients.exists(patientId)) {
            throw Problems.notFound("no patient with id " + patientId);
        }
        return GlucoseMetrics.report(patientId, start, end, zone, readings.between(patientId, start, end));
    }

    @ExceptionHandler(QueryTimeoutException.class)
    ProblemDetail tooLong(QueryTimeoutException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the report took too long to compute; ask for a shorter period (from, to)");
    }

    private static ZoneId zone(@Nullable String tz) {
        if (tz == null || tz.isBlank()) {
            return UTC;
        }
        try {
            return ZoneId.of(tz.strip());
        } catch (DateTimeException e) {
            throw Problems.badRequest("tz must be a time zone such as Europe/London or UTC");
        }
    }
}
