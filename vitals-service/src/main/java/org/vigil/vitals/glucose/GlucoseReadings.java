package org.vigil.vitals.glucose;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.vigil.common.vitals.VitalType;
import org.vigil.vitals.glucose.GlucoseMetrics.Sample;
import org.vigil.vitals.reading.AlertableReadings;

/** A patient's alertable glucose readings over a range, in time order (the patient-type-time index's order). */
@Component
class GlucoseReadings {

    private final JdbcTemplate jdbc;

    GlucoseReadings(DataSource dataSource,
            @Value("${vigil.vitals.aggregate-query-timeout:PT20S}") Duration queryTimeout) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(Math.toIntExact(Math.max(1, queryTimeout.toSeconds())));
    }

    List<Sample> between(String patientId, Instant from, Instant to) {
        return jdbc.query("SELECT time, value FROM readings WHERE patient_id = ? AND type = ? AND time >= ?"
                + " AND time <= ? AND value IS NOT NULL AND " + AlertableReadings.CONDITION + " ORDER BY time",
                (row, n) -> new Sample(row.getObject("time", OffsetDateTime.class).toInstant(),
                        row.getDouble("value")),
                patientId, VitalType.BLOOD_GLUCOSE.code(), from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
    }
}
