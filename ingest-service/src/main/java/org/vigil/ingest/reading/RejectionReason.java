package org.vigil.ingest.reading;

/** Why one reading was refused, as a short code for metrics and for device makers who branch on it. */
enum RejectionReason {
    /** Missing id, not a string, blank or too long. */
    BAD_ID("bad-id"),
    UNKNOWN_TYPE("unknown-type"),
    /** Missing unit, or one not accepted for the type. */
    BAD_UNIT("bad-unit"),
    /**
     * Not an object, value missing or of the wrong kind, not finite, blood pressure component missing, a series empty or
     * too long, a location that is not a WGS 84 latitude and longitude.
     */
    MALFORMED("malformed"),
    /** Outside what a living person can measure, or systolic not above diastolic. */
    IMPLAUSIBLE("implausible"),
    /** Time missing or not an ISO-8601 instant. */
    BAD_TIME("bad-time"),
    FUTURE_TIME("future-time"),
    /** The device was assigned to no patient at the reading's time. */
    UNASSIGNED("unassigned");

    private final String code;

    RejectionReason(String code) {
        this.code = code;
    }

    String code() {
        return code;
    }
}
