package org.vigil.audit.ledger;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.vigil.common.events.AuditRecorded;

/**
 * Whether a decoded record can be stored and hashed reproducibly, whatever happens. Those that cannot (PostgreSQL text
 * cannot hold NUL; an unpaired surrogate would not survive UTF-8; a time PostgreSQL cannot hold) go to the dead-letter
 * topic rather than fail their batch forever. The reason names the field, never its value.
 */
final class Storable {

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Storable() {
    }

    static Optional<String> problem(AuditRecorded record) {
        if (record.recordedAt().isBefore(EARLIEST) || record.recordedAt().isAfter(LATEST)) {
            return Optional.of("recordedAt is out of range");
        }
        String[][] fields = {
                {"service", record.service()}, {"action", record.action()}, {"resource", record.resource()},
                {"outcome", record.outcome()}, {"agent", record.agent()}, {"agentType", record.agentType()},
                {"clientId", record.clientId()}, {"request", record.request()},
                {"sourceAddress", record.sourceAddress()}, {"correlationId", record.correlationId()},
                {"reason", record.reason()}};
        for (String[] field : fields) {
            if (!clean(field[1])) {
                return Optional.of(field[0] + " contains a NUL character or malformed UTF-16");
            }
        }
        for (String role : record.roles()) {
            if (role == null || !clean(role)) {
                return Optional.of("roles contains a null, a NUL character or malformed UTF-16");
            }
        }
        for (String patientId : record.patientIds()) {
            if (patientId == null || !clean(patientId)) {
                return Optional.of("patientIds contains a null, a NUL character or malformed UTF-16");
            }
        }
        return Optional.empty();
    }

    private static boolean clean(@Nullable String value) {
        if (value == null) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
