package org.vigil.alert.ward;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.vitals.ValueKind;
import org.vigil.common.vitals.VitalType;

/**
 * The {@code latest_value} table: per patient and vital type, the value of the newest reading. Written by the reading
 * consumer once per batch, in the batch's transaction, with one statement whatever the batch's size (the consumer's
 * hot path gets no round trip per reading).
 */
@Repository
public class LatestValues {

    /** Exactly 0 from these is a sensor that fell off (a technical alert), not a value to show. */
    private static final Set<String> ZERO_IS_SENSOR_OFF = Set.of("heart-rate", "respiratory-rate", "spo2");

    /** One stored latest value. */
    record Latest(String patientId, String type, @Nullable Double value, @Nullable Double systolic,
            @Nullable Double diastolic, @Nullable String code, @Nullable String unit, Instant observedAt,
            Instant receivedAt) {
    }

    private final JdbcClient jdbc;

    LatestValues(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Keeps, per patient and type, the newest of these readings if it is newer than the one stored. Readings that are
     * not alertable (cancelled, entered in error, no value), series, events and sensor-off zeros are not values to show
     * and are skipped.
     */
    public void record(Collection<ReadingRecorded> readings) {
        Map<String, ReadingRecorded> newest = new LinkedHashMap<>();
        for (ReadingRecorded reading : readings) {
            if (!shown(reading)) {
                continue;
            }
            newest.merge(reading.patientId() + '\u0000' + reading.type(), reading,
                    (a, b) -> b.time().isAfter(a.time()) ? b : a);
        }
        if (newest.isEmpty()) {
            return;
        }
        int n = newest.size();
        String[] patients = new String[n];
        String[] types = new String[n];
        // Numbers as text (Double.toString round-trips exactly): a text[] with NULLs binds the same everywhere.
        String[] values = new String[n];
        String[] systolics = new String[n];
        String[] diastolics = new String[n];
        String[] codes = new String[n];
        String[] units = new String[n];
        String[] observed = new String[n];
        String[] received = new String[n];
        String[] readingIds = new String[n];
        int i = 0;
        for (ReadingRecorded r : newest.values()) {
            patients[i] = r.patientId();
            types[i] = r.type();
            values[i] = text(r.type().equals(VitalType.SUPPLEMENTAL_OXYGEN.code()) ? r.oxygenFlow() : r.value());
            systolics[i] = text(r.systolic());
            diastolics[i] = text(r.diastolic());
            codes[i] = code(r);
            units[i] = r.unit();
            observed[i] = r.time().toString();
            received[i] = r.receivedAt().toString();
            readingIds[i] = r.eventId().toString();
            i++;
        }
        jdbc.sql("""
                insert into latest_value as l (patient_id, vital_type, value, systolic, diastolic, code, unit,
                                               observed_at, received_at, reading_id)
                select * from unnest(:patients::text[], :types::text[], :values::float8[], :systolics::float8[],
                                     :diastolics::float8[], :codes::text[], :units::text[], :observed::timestamptz[],
                                     :received::timestamptz[], :readings::uuid[])
                on conflict (patient_id, vital_type) do update
                   set value = excluded.value, systolic = excluded.systolic, diastolic = excluded.diastolic,
                       code = excluded.code, unit = excluded.unit, observed_at = excluded.observed_at,
                       received_at = excluded.received_at, reading_id = excluded.reading_id
                 where excluded.observed_at > l.observed_at""")
                .param("patients", patients).param("types", types).param("values", values)
                .param("systolics", systolics).param("diastolics", diastolics).param("codes", codes)
                .param("units", units).param("observed", observed).param("received", received)
                .param("readings", readingIds)
                .update();
    }

    /**
     * Every latest value of these patients. Columns are read by position and numbers as primitives: a 500-patient ward
     * reads 3,500 rows, and looking columns up by name was a tenth of the request's CPU (docs/ward-benchmark.md).
     */
    List<Latest> of(Collection<String> patientIds) {
        return jdbc.sql("""
                select patient_id, vital_type, value, systolic, diastolic, code, unit, observed_at, received_at
                  from latest_value where patient_id = any(:ids)""")
                .param("ids", patientIds.toArray(String[]::new))
                .query((rs, n) -> new Latest(rs.getString(1), rs.getString(2), number(rs, 3), number(rs, 4),
                        number(rs, 5), rs.getString(6), rs.getString(7),
                        rs.getObject(8, OffsetDateTime.class).toInstant(),
                        rs.getObject(9, OffsetDateTime.class).toInstant()))
                .list();
    }

    private static @Nullable Double number(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static boolean shown(ReadingRecorded reading) {
        if (!reading.alertable()) {
            return false;
        }
        VitalType type = reading.vitalType().orElse(null);
        if (type == null) {
            return false;
        }
        return switch (type.kind()) {
            case QUANTITY -> reading.value() != null && Double.isFinite(reading.value())
                    && !(reading.value() == 0 && ZERO_IS_SENSOR_OFF.contains(reading.type()));
            case BLOOD_PRESSURE -> reading.systolic() != null || reading.diastolic() != null;
            case ACVPU -> reading.consciousness() != null;
            case OXYGEN -> reading.supplementalOxygen() != null;
            case SERIES, EVENT -> false;
        };
    }

    /** The non-numeric part: the ACVPU letter, or for supplemental oxygen {@code air} / {@code oxygen}. */
    private static @Nullable String code(ReadingRecorded reading) {
        if (reading.vitalType().map(VitalType::kind).orElse(null) == ValueKind.OXYGEN) {
            return Boolean.TRUE.equals(reading.supplementalOxygen()) ? "oxygen" : "air";
        }
        return reading.consciousness();
    }

    private static @Nullable String text(@Nullable Double number) {
        return number == null || !Double.isFinite(number) ? null : number.toString();
    }
}
