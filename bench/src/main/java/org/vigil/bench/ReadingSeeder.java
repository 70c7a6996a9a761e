package org.vigil.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Writes synthetic readings straight into vitals-service's tables (schema {@code vitals}), server side with
 * {@code generate_series}: going through ingest would measure ingest, and 10 million readings at its rate take hours.
 * Patients {@code bench-patient-0001}... get one reading of each of five vital-sign types every {@code interval}
 * minutes, ending at {@link #end()}. Rows carry source {@code bench}, so a rerun finds them and seeds only once; the
 * ids are random, the device reading ids ({@code bench-<type>-<n>}) unique per patient's device.
 */
final class ReadingSeeder {

    /** The five types, each with a plausible value expression over the row number n. */
    static final String[][] TYPES = {
        {"heart-rate", "/min", "60 + (n % 40)"},
        {"respiratory-rate", "/min", "12 + (n % 10)"},
        {"spo2", "%", "92 + (n % 8)"},
        {"body-temperature", "Cel", "36.0 + (n % 20) / 10.0"},
        {"blood-pressure", "mm[Hg]", null},
    };

    private final String url;
    private final String user;
    private final String password;

    ReadingSeeder(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Readings end at the start of the current hour (UTC), so that the seeded days are all in the past. */
    static Instant end() {
        return Instant.now().truncatedTo(ChronoUnit.HOURS);
    }

    Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(url, user, password);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO vitals");
        }
        return connection;
    }

    long seeded(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM readings WHERE source = 'bench'")) {
            row.next();
            return row.getLong(1);
        }
    }

    /**
     * Seeds {@code patients} x 5 types x {@code perType} readings unless at least that many bench readings exist.
     *
     * @return the number of bench readings present afterwards
     */
    long seed(int patients, int perType, int intervalMinutes) throws SQLException {
        try (Connection connection = connect()) {
            long target = (long) patients * TYPES.length * perType;
            long present = seeded(connection);
            if (present >= target) {
                System.out.printf("[seed] %,d bench readings already present (wanted %,d)%n", present, target);
                return present;
            }
            if (present > 0) {
                throw new IllegalStateException(present + " bench readings present but " + target + " wanted;"
                        + " remove them first: DELETE FROM vitals.readings WHERE source = 'bench'");
            }
            OffsetDateTime end = end().atOffset(ZoneOffset.UTC);
            OffsetDateTime start = end.minusMinutes((long) intervalMinutes * perType);
            // Monthly partitions for the whole seeded span (the migration only makes them around today).
            try (PreparedStatement partitions = connection.prepareStatement(
                    "SELECT create_reading_partitions(?::date, ?::date)")) {
                partitions.setObject(1, start.toLocalDate());
                partitions.setObject(2, end.toLocalDate());
                partitions.execute();
            }
            patients(connection, patients);
            connection.setAutoCommit(false);
            int step = 10;
            long started = System.nanoTime();
            for (int first = 1; first <= patients; first += step) {
                int last = Math.min(patients, first + step - 1);
                for (String[] type : TYPES) {
                    insert(connection, first, last, type, perType, intervalMinutes, end);
                }
                connection.commit();
                System.out.printf("[seed] patients %d-%d of %d: %,d readings, %.0f s%n", first, last, patients,
                        (long) last * TYPES.length * perType, (System.nanoTime() - started) / 1e9);
            }
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE readings");
            }
            return seeded(connection);
        }
    }

    private static void insert(Connection connection, int first, int last, String[] type, int perType,
            int intervalMinutes, OffsetDateTime end) throws SQLException {
        boolean pressure = type[2] == null;
        // value, systolic, diastolic; the unit is bound.
        String values = pressure ? "NULL, 110 + (n % 30), 70 + (n % 20)" : type[2] + ", NULL, NULL";
        String sql = """
                INSERT INTO readings (id, device_id, reading_id, patient_id, type, time, received_at, value, systolic,
                                      diastolic, unit, source)
                SELECT gen_random_uuid(), 'bench-device-' || lpad(p::text, 4, '0'), ? || '-' || n,
                       'bench-patient-' || lpad(p::text, 4, '0'), ?, t, t, %s, ?, 'bench'
                  FROM generate_series(?, ?) AS p,
                       generate_series(1, ?) AS n,
                       LATERAL (SELECT ?::timestamptz - make_interval(mins => ? * n) AS t) AS at
                """.formatted(values);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, "bench-" + type[0]);
            statement.setString(2, type[0]);
            statement.setString(3, type[1]);
            statement.setInt(4, first);
            statement.setInt(5, last);
            statement.setInt(6, perType);
            statement.setObject(7, end);
            statement.setInt(8, intervalMinutes);
            statement.executeUpdate();
        }
    }

    private static void patients(Connection connection, int patients) throws SQLException {
        String sql = """
                INSERT INTO patient (id, resource, identifiers, family, given, birth_date, version_id, last_updated)
                SELECT 'bench-patient-' || lpad(p::text, 4, '0'),
                       jsonb_build_object('resourceType', 'Patient', 'id', 'bench-patient-' || lpad(p::text, 4, '0'),
                           'meta', jsonb_build_object('versionId', '1', 'lastUpdated', now()),
                           'identifier', jsonb_build_array(jsonb_build_object('system', 'urn:vigil:bench',
                               'value', lpad(p::text, 4, '0'))),
                           'name', jsonb_build_array(jsonb_build_object('family', 'Bench', 'given',
                               jsonb_build_array('Patient' || p)))),
                       ARRAY['urn:vigil:bench|' || lpad(p::text, 4, '0')], 'Bench', 'Patient' || p, NULL, 1, now()
                  FROM generate_series(1, ?) AS p
                ON CONFLICT (id) DO NOTHING
                """;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, patients);
            statement.executeUpdate();
        }
    }
}
