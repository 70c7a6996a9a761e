package org.vigil.alert.threshold;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code rule_state} table, written in the batch's transaction. */
@Repository
class RuleStates {

    private final JdbcClient jdbc;

    RuleStates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<RuleState> find(String patientId, String ruleId) {
        return jdbc.sql("select * from rule_state where patient_id = :p and rule_id = :r")
                .param("p", patientId).param("r", ruleId)
                .query((rs, n) -> new RuleState(rs.getObject("newest_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("newest_reading", UUID.class), rs.getBoolean("newest_breaching"),
                        rs.getInt("breach_count"), instant(rs.getObject("breach_since", OffsetDateTime.class)),
                        rs.getInt("clear_count"), rs.getBoolean("raised")))
                .optional();
    }

    void save(String patientId, String ruleId, RuleState s) {
        jdbc.sql("""
                insert into rule_state (patient_id, rule_id, newest_at, newest_reading, newest_breaching, breach_count,
                    breach_since, clear_count, raised)
                values (:p, :r, :at, :reading, :breaching, :count, :since, :clears, :raised)
                on conflict (patient_id, rule_id) do update set newest_at = excluded.newest_at,
                    newest_reading = excluded.newest_reading, newest_breaching = excluded.newest_breaching,
                    breach_count = excluded.breach_count, breach_since = excluded.breach_since,
                    clear_count = excluded.clear_count, raised = excluded.raised""")
                .param("p", patientId).param("r", ruleId).param("at", utc(s.newestAt()))
                .param("reading", s.newestReading()).param("breaching", s.newestBreaching())
                .param("count", s.breachCount())
                .param("since", s.breachSince() == null ? null : utc(s.breachSince()))
                .param("clears", s.clearCount()).param("raised", s.raised())
                .update();
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
