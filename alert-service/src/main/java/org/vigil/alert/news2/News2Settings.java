package org.vigil.alert.news2;

import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code news2_settings} table: which SpO2 scale a patient is scored on. Scale 2 only for patients marked for it
 * (a prescribed target of 88–92 %); everyone else is on scale 1. Read on every score, so a change applies to the next
 * reading.
 */
@Repository
class News2Settings {

    private final JdbcClient jdbc;

    News2Settings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    int scaleOf(String patientId) {
        return jdbc.sql("select scale from news2_settings where patient_id = :p").param("p", patientId)
                .query(Integer.class).optional().orElse(1);
    }

    void setScale(String patientId, int scale, Instant now) {
        jdbc.sql("""
                insert into news2_settings (patient_id, scale, updated_at) values (:p, :scale, :now)
                on conflict (patient_id) do update set scale = excluded.scale, updated_at = excluded.updated_at""")
                .param("p", patientId).param("scale", scale).param("now", now.atOffset(ZoneOffset.UTC))
                .update();
    }
}
