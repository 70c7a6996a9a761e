package org.vigil.vitals.reading;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps monthly partitions of the readings table ready from last month to three months ahead, so that readings land
 * in their month's partition rather than the default one. Idempotent; the database function serialises concurrent
 * runs from several instances.
 */
@Component
class ReadingPartitions {

    private static final Logger log = LoggerFactory.getLogger(ReadingPartitions.class);

    private final JdbcTemplate jdbc;

    ReadingPartitions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "${vigil.vitals.partition-maintenance-interval:P1D}")
    void createAhead() {
        LocalDate thisMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        Integer created = jdbc.queryForObject("SELECT create_reading_partitions(?, ?)", Integer.class,
                thisMonth.minusMonths(1), thisMonth.plusMonths(3));
        if (created != null && created > 0) {
            log.info("Created {} monthly partitions of readings", created);
        }
    }
}
