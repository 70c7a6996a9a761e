package org.vigil.alert.rule;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code rule} table: threshold rules as data, the defaults that per-patient overrides replace. */
@Repository
class RuleTable {

    private final JdbcClient jdbc;

    RuleTable(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The enabled threshold rules with their default settings (trend rules are in the table too, as kind trend). */
    List<ThresholdRule> enabledRules() {
        return jdbc.sql("""
                select id, vital_type, component, operator, threshold, unit, severity, description
                from rule where enabled and kind = 'threshold' order by id""")
                .query((rs, n) -> new ThresholdRule(rs.getString("id"), rs.getString("vital_type"),
                        rs.getString("component"), Operator.fromCode(rs.getString("operator")),
                        rs.getBigDecimal("threshold"), rs.getString("unit"),
                        Severity.fromCode(rs.getString("severity")), rs.getString("description")))
                .list();
    }
}
