package org.vigil.alert.notification;

import java.util.List;

/** Severities in increasing urgency, for a subscriber's minimum. */
final class SeverityRank {

    static final List<String> CODES = List.of("low", "low-medium", "medium", "high");

    private SeverityRank() {
    }

    /** The rank of a known code; an unknown (newer) one ranks as the highest, so that nobody misses it. */
    static int of(String code) {
        int rank = CODES.indexOf(code);
        return rank < 0 ? CODES.size() - 1 : rank;
    }
}
