package org.vigil.vitals.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.vigil.vitals.IntegrationTest;

class ReadingPartitionsIT extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ReadingPartitions partitions;

    @Test
    void theCurrentMonthAndThreeAheadHavePartitions() {
        partitions.createAhead();

        LocalDate month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        for (int ahead = -1; ahead <= 3; ahead++) {
            String name = "readings_" + month.plusMonths(ahead).toString().substring(0, 7).replace('-', '_');
            assertThat(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, name)).as(name)
                    .isTrue();
        }
    }

    @Test
    void aReadingOutsideEveryPartitionIsKeptAndMovesIntoItsMonthWhenThatGetsAPartition() {
        UUID id = UUID.randomUUID();
        OffsetDateTime time = OffsetDateTime.of(2031, 3, 14, 15, 9, 26, 0, ZoneOffset.UTC);
        jdbc.update("INSERT INTO readings (id, device_id, reading_id, patient_id, type, time, received_at, value, "
                + "unit, source) VALUES (?, 'dev-p', ?, 'pat-p', 'heart-rate', ?, ?, 64, '/min', 'device')",
                id, id.toString(), time, time);
        assertThat(partitionOf(id)).isEqualTo("readings_default");

        Integer created = jdbc.queryForObject("SELECT create_reading_partitions(?, ?)", Integer.class,
                LocalDate.of(2031, 3, 1), LocalDate.of(2031, 3, 1));

        assertThat(created).isEqualTo(1);
        assertThat(partitionOf(id)).isEqualTo("readings_2031_03");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM readings WHERE id = ?", Integer.class, id)).isEqualTo(1);
    }

    private String partitionOf(UUID id) {
        return jdbc.queryForObject("SELECT tableoid::regclass::text FROM readings WHERE id = ?", String.class, id);
    }
}
