package org.vigil.vitals.device;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The token hashes a device may authenticate with. A device has at most one current token; rotating it keeps the
 * previous one valid for a grace period ({@code vigil.vitals.device-token-grace}) so that the device can switch over
 * without losing readings; revoking refuses every token of the device at once.
 */
@Component
public class DeviceCredentials {

    private static final String VALID = "revoked_at IS NULL AND (valid_until IS NULL OR valid_until > ?)";

    private final JdbcTemplate jdbc;
    private final Duration grace;
    private final Clock clock;

    DeviceCredentials(JdbcTemplate jdbc, @Value("${vigil.vitals.device-token-grace:PT1H}") Duration grace) {
        this.jdbc = jdbc;
        this.grace = grace;
        this.clock = Clock.systemUTC();
    }

    /** Whether this hash authenticates this device right now. */
    @Transactional(readOnly = true)
    public boolean isValid(String deviceId, String tokenHash) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM device_credential WHERE device_id = ? AND token_hash = ? AND "
                + VALID, Integer.class, deviceId, tokenHash, Timestamp.from(clock.instant()));
        return count != null && count > 0;
    }

    /** A currently valid token's device, and when the token was issued. */
    record Issued(String deviceId, Instant createdAt) {
    }

    /** The device a currently valid token hash belongs to, and when that token was issued. */
    @Transactional(readOnly = true)
    Optional<Issued> issued(String tokenHash) {
        List<Issued> found = jdbc.query("SELECT device_id, created_at FROM device_credential WHERE token_hash = ? AND "
                + VALID, (rs, n) -> new Issued(rs.getString("device_id"), rs.getTimestamp("created_at").toInstant()),
                tokenHash, Timestamp.from(clock.instant()));
        return found.stream().findFirst();
    }

    /** Stores the first token of a new device; part of the caller's transaction. */
    void issueFirst(String deviceId, String tokenHash, Instant now) {
        jdbc.update("INSERT INTO device_credential (device_id, token_hash, created_at) VALUES (?, ?, ?)", deviceId,
                tokenHash, Timestamp.from(now));
    }

    /**
     * Makes {@code tokenHash} the device's current token. The previous current one stays valid until the returned
     * instant (null when the device had no valid current token); tokens already in their grace keep theirs, never
     * longer. The caller holds the device's row lock.
     */
    @Nullable Instant rotate(String deviceId, String tokenHash, Instant now) {
        Instant until = now.plus(grace);
        int previous = jdbc.update("UPDATE device_credential SET valid_until = ? WHERE device_id = ? AND valid_until IS "
                + "NULL AND revoked_at IS NULL", Timestamp.from(until), deviceId);
        jdbc.update("INSERT INTO device_credential (device_id, token_hash, created_at) VALUES (?, ?, ?)", deviceId,
                tokenHash, Timestamp.from(now));
        return previous > 0 ? until : null;
    }

    /** Refuses every token of the device from {@code now} on. */
    void revokeAll(String deviceId, Instant now) {
        jdbc.update("UPDATE device_credential SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL",
                Timestamp.from(now), deviceId);
    }
}
