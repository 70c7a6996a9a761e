package org.vigil.alert.technical;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.vigil.alert.rule.Breach;
import org.vigil.alert.rule.Clear;
import org.vigil.alert.rule.PatientContext;
import org.vigil.alert.rule.ReadingRule;
import org.vigil.alert.rule.Signal;
import org.vigil.alert.rule.Worse;
import org.vigil.common.events.ReadingRecorded;

/**
 * Rules {@code sensor-off-heart-rate}, {@code sensor-off-respiratory-rate} and {@code sensor-off-spo2}: bedside
 * monitors and oximeters send exactly 0 while a sensor is detached (a heart rate of 0 from a monitor is a lead off, not
 * asystole, which the ECG alarm at the bedside reports by itself), so a 0 of one of these types raises a technical
 * alert for that type, and the next non-zero value of the type resolves it. The clinical rules ignore these zeros.
 *
 * <p>Readings older than the latest of their type for the patient (a backlog upload) change nothing: the sensor's
 * state then is already over.
 */
@Component
class SensorOffRule implements ReadingRule {

    static final String RULE_PREFIX = "sensor-off-";
    private static final Map<String, String> SENSORS = Map.of(
            "heart-rate", "Heart rate",
            "respiratory-rate", "Respiratory rate",
            "spo2", "SpO2");

    private final JdbcClient jdbc;

    SensorOffRule(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Signal> evaluate(ReadingRecorded reading, PatientContext context) {
        String name = SENSORS.get(reading.type());
        Double value = reading.value();
        if (name == null || value == null || !isLatest(reading)) {
            return List.of();
        }
        String ruleId = RULE_PREFIX + reading.type();
        if (value == 0) {
            return List.of(new Breach(ruleId, reading.type(), Breach.TECHNICAL, TechnicalSeverity.SENSOR_OFF,
                    name + " sensor off: the device reads exactly 0, which is a detached sensor, not a measurement",
                    0, reading.unit(), Worse.LOWER, reading));
        }
        return List.of(new Clear(reading.patientId(), ruleId, reading.time(), name + " sensor reading again"));
    }

    /** Records the reading's time as the latest of its type, unless a later one was seen already. */
    private boolean isLatest(ReadingRecorded reading) {
        return jdbc.sql("""
                insert into sensor_signal as s (patient_id, type, latest_at) values (:patientId, :type, :at)
                on conflict (patient_id, type) do update set latest_at = excluded.latest_at
                 where s.latest_at <= excluded.latest_at
                returning 1""")
                .param("patientId", reading.patientId())
                .param("type", reading.type())
                .param("at", reading.time().atOffset(ZoneOffset.UTC))
                .query(Integer.class)
                .optional()
                .isPresent();
    }
}
