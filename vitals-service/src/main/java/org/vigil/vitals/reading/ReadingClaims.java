package org.vigil.vitals.reading;

import java.sql.PreparedStatement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The claim half of exactly-once: ingest claims a request's (device, reading id) keys before publishing them. A key
 * is claimable if it is new, or pending (claimed, never stored) for longer than two minutes: its ingest instance died
 * between claim and publish. A stored key is never claimable again, nor is one whose event waits in the outbox
 * ({@link ReadingOutbox}): that event is committed and will be published.
 */
@Component
class ReadingClaims {

    private static final String CLAIM = """
            INSERT INTO reading_key (device_id, reading_id, stored, claimed_at)
            SELECT ?, r.reading_id, false, now() FROM unnest(?::varchar[]) AS r(reading_id)
            ON CONFLICT (device_id, reading_id) DO UPDATE SET claimed_at = now()
             WHERE NOT reading_key.stored AND reading_key.claimed_at < now() - interval '2 minutes'
               AND NOT EXISTS (SELECT 1 FROM event_outbox o
                                WHERE o.device_id = reading_key.device_id AND o.reading_id = reading_key.reading_id
                                  AND o.topic = 'vigil.reading-recorded.v1')
            RETURNING reading_id
            """;

    private static final String RELEASE = """
            DELETE FROM reading_key WHERE device_id = ? AND reading_id = ANY (?::varchar[]) AND NOT stored
            """;

    private final JdbcTemplate jdbc;

    ReadingClaims(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param readingIds distinct ids
     * @return those of {@code readingIds} this call claimed, in the given order; the others are duplicates
     */
    @Transactional
    List<String> claim(String deviceId, List<String> readingIds) {
        if (readingIds.isEmpty()) {
            return List.of();
        }
        Set<String> claimed = new HashSet<>();
        jdbc.query(con -> {
            PreparedStatement statement = con.prepareStatement(CLAIM);
            statement.setString(1, deviceId);
            statement.setArray(2, con.createArrayOf("varchar", readingIds.toArray()));
            return statement;
        }, row -> {
            claimed.add(row.getString("reading_id"));
        });
        return readingIds.stream().filter(claimed::contains).toList();
    }

    /** Frees pending claims whose publication failed, so that the device's retry is not taken for a duplicate. */
    @Transactional
    void release(String deviceId, List<String> readingIds) {
        if (readingIds.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            PreparedStatement statement = con.prepareStatement(RELEASE);
            statement.setString(1, deviceId);
            statement.setArray(2, con.createArrayOf("varchar", readingIds.toArray()));
            return statement;
        });
    }
}
