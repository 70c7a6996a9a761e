package org.vigil.vitals.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.vigil.service.security.PatientRelationships;

/**
 * The relationships straight from this service's tables. It replaces service-support's HTTP client (which would ask
 * this very service) and needs no cache: it is a few indexed look-ups.
 */
@Component
class LocalPatientRelationships implements PatientRelationships {

    private static final String QUERY = """
            SELECT DISTINCT p.patient_id, 'care-team' AS basis, CAST(NULL AS timestamptz) AS until
              FROM care_team_member m JOIN care_team_patient p ON p.team_id = m.team_id
             WHERE m.subject = ?
            UNION ALL
            SELECT patient_id, 'self', NULL FROM patient_user WHERE subject = ?
            UNION ALL
            SELECT patient_id, 'break-glass', max(until) FROM break_glass_grant
             WHERE subject = ? AND until > ? GROUP BY patient_id
            ORDER BY 2, 1
            """;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    LocalPatientRelationships(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Relationship> of(String subject) {
        return jdbc.query(QUERY, (row, n) -> {
            Timestamp until = row.getTimestamp("until");
            return new Relationship(row.getString("patient_id"), row.getString("basis"),
                    until == null ? null : until.toInstant());
        }, subject, subject, subject, Timestamp.from(clock.instant()));
    }
}
