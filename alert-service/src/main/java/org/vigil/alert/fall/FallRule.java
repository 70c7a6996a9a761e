package org.vigil.alert.fall;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.vigil.alert.rule.Breach;
import org.vigil.alert.rule.PatientContext;
import org.vigil.alert.rule.ReadingRule;
import org.vigil.alert.rule.Severity;
import org.vigil.alert.rule.Signal;
import org.vigil.alert.rule.Worse;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.vitals.VitalType;

/**
 * Rule {@code fall}: every {@code fall} reading raises a high-severity clinical alert at once, with the location in
 * its message when the device gave one. A fall may have injured the patient, who may not be able to call for help.
 *
 * <p>One alert is active per patient and rule, so a second fall while the first one's alert is still open (or
 * acknowledged) updates that alert rather than raising another: its value is the number of falls the patient had in
 * the 24 hours up to this one, which grows with each fall, so the alert takes the newest fall's time, location and
 * reading, and a clinician who has not resolved it yet sees "2 falls in 24 hours" — recurrent falls matter more than
 * two separate alerts would show. Once resolved, the next fall raises a new alert. A fall uploaded late is still
 * raised (nobody knew of it), counted at its own time.
 */
@Component
class FallRule implements ReadingRule {

    static final String RULE_ID = "fall";
    private static final Duration COUNTED = Duration.ofHours(24);

    private final JdbcClient jdbc;

    FallRule(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Signal> evaluate(ReadingRecorded reading, PatientContext context) {
        if (!VitalType.FALL.code().equals(reading.type())) {
            return List.of();
        }
        OffsetDateTime fellAt = reading.time().atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                insert into fall_event (reading_event_id, patient_id, fell_at) values (:id, :patientId, :fellAt)
                on conflict (reading_event_id) do nothing""")
                .param("id", reading.eventId())
                .param("patientId", reading.patientId())
                .param("fellAt", fellAt)
                .update();
        int falls = jdbc.sql("""
                select count(*) from fall_event
                 where patient_id = :patientId and fell_at > :since and fell_at <= :fellAt""")
                .param("patientId", reading.patientId())
                .param("since", fellAt.minus(COUNTED))
                .param("fellAt", fellAt)
                .query(Integer.class)
                .single();
        return List.of(new Breach(RULE_ID, reading.type(), Breach.CLINICAL, Severity.HIGH, message(reading, falls),
                falls, null, Worse.HIGHER, reading));
    }

    static String message(ReadingRecorded reading, int falls) {
        StringBuilder message = new StringBuilder("Fall detected at ").append(reading.time());
        if (reading.latitude() != null && reading.longitude() != null) {
            message.append(String.format(Locale.ROOT, " at latitude %.6f, longitude %.6f", reading.latitude(),
                    reading.longitude()));
        }
        if (falls > 1) {
            message.append(" (").append(falls).append(" falls in 24 hours)");
        }
        return message.toString();
    }
}
