package org.vigil.vitals.reading;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.vigil.common.vitals.ValueKind;
import org.vigil.common.vitals.VitalType;

/**
 * A patient's readings of one numeric type over a time range, cut into buckets of equal width and aggregated in
 * PostgreSQL: min, max, mean and count per non-empty bucket. Min and max keep every spike visible however long the
 * range; the rows never leave the database.
 */
@Component
class ReadingSeries {

    static final int DEFAULT_POINTS = 1000;
    static final int MAX_POINTS = 20_000;

    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    private final JdbcTemplate jdbc;

    /**
     * Its own template with a query timeout: a range of years of 1 Hz data is millions of rows, and such a request
     * must end with an answer, not hold a connection for as long as it takes.
     */
    ReadingSeries(DataSource dataSource,
            @Value("${vigil.vitals.aggregate-query-timeout:PT20S}") Duration queryTimeout) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(Math.toIntExact(Math.max(1, queryTimeout.toSeconds())));
    }

    /** One value of the type (blood pressure has two): its name in the answer and its column in {@code readings}. */
    record Part(String name, String column) {
    }

    /** Column arrays, as chart libraries (uPlot) take them; {@code time} is each bucket's start in epoch seconds. */
    record Component(String name, List<Long> time, List<Double> min, List<Double> max, List<Double> mean,
            List<Long> count) {

        static Component empty(String name) {
            return new Component(name, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>());
        }
    }

    /** Whether the type has numbers to chart: one value, or systolic and diastolic. */
    static boolean charts(VitalType type) {
        return type.kind() == ValueKind.QUANTITY || type.kind() == ValueKind.BLOOD_PRESSURE;
    }

    static List<Part> parts(VitalType type) {
        return switch (type.kind()) {
            case QUANTITY -> List.of(new Part("value", "value"));
            case BLOOD_PRESSURE -> List.of(new Part("systolic", "systolic"), new Part("diastolic", "diastolic"));
            default -> throw new IllegalArgumentException(type.code() + " has no numbers to chart");
        };
    }

    /** {@code ceil((to - from) / points)} in whole seconds, at least one second. */
    static long bucketSeconds(Instant from, Instant to, int points) {
        Duration range = Duration.between(from, to);
        BigInteger nanos = BigInteger.valueOf(range.getSeconds()).multiply(NANOS_PER_SECOND)
                .add(BigInteger.valueOf(range.getNano()));
        BigInteger[] quotient = nanos.divideAndRemainder(NANOS_PER_SECOND.multiply(BigInteger.valueOf(points)));
        long seconds = quotient[0].longValueExact() + (quotient[1].signum() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /**
     * The buckets of {@code from <= time <= to} that hold alertable readings, ascending. Buckets are aligned to
     * multiples of their width since the epoch, not to {@code from}, so a chart that refreshes with a moving
     * {@code to} keeps its buckets (and their min/max) in place; the first and last bucket may therefore reach past
     * the range, and there are at most {@code points + 1} of them. One scan of readings_patient_type_time_idx on the
     * partitions the range covers, hash-aggregated.
     */
    List<Component> buckets(String patientId, VitalType type, Instant from, Instant to, long bucketSeconds) {
        List<Part> parts = parts(type);
        List<Component> components = parts.stream().map(part -> Component.empty(part.name())).toList();
        jdbc.query(sql(parts), row -> {
            long start = row.getLong("bucket");
            for (int i = 0; i < parts.size(); i++) {
                long count = row.getLong("count" + i);
                if (count == 0) {
                    continue;
                }
                Component component = components.get(i);
                component.time().add(start);
                component.min().add(row.getDouble("min" + i));
                component.max().add(row.getDouble("max" + i));
                component.mean().add(row.getDouble("mean" + i));
                component.count().add(count);
            }
        }, bucketSeconds, patientId, type.code(), from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
        return components;
    }

    /**
     * The aggregate's SQL; its parameters are the bucket width in seconds, patient, type, from and to. It groups by
     * the bucket's timestamp and turns only the few buckets into epoch seconds: extracting them from every row (a
     * numeric) cost about as much as reading the rows.
     */
    static String sql(List<Part> parts) {
        StringBuilder columns = new StringBuilder();
        StringBuilder aggregates = new StringBuilder();
        List<String> present = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String column = parts.get(i).column();
            columns.append(", min").append(i).append(", max").append(i).append(", mean").append(i)
                    .append(", count").append(i);
            aggregates.append(", min(").append(column).append(") AS min").append(i)
                    .append(", max(").append(column).append(") AS max").append(i)
                    .append(", avg(").append(column).append(") AS mean").append(i)
                    .append(", count(").append(column).append(") AS count").append(i);
            present.add(column + " IS NOT NULL");
        }
        return "SELECT extract(epoch FROM bucket)::bigint AS bucket" + columns
                + " FROM (SELECT date_bin(? * interval '1 second', time, timestamptz '1970-01-01 00:00:00+00')"
                + " AS bucket" + aggregates
                + " FROM readings WHERE patient_id = ? AND type = ? AND time >= ? AND time <= ? AND "
                + AlertableReadings.CONDITION + " AND (" + String.join(" OR ", present) + ")"
                + " GROUP BY 1) buckets ORDER BY 1";
    }
}
