package org.vigil.ingest.reading;

/**
 * A device posted faster than its rate limit allows, or its address sent too many refused requests (429); nothing of
 * the request was read, claimed or published.
 */
class RateLimitedException extends RuntimeException {

    private final long retryAfterSeconds;

    RateLimitedException(long retryAfterSeconds) {
        this("this device is sending requests faster than its limit; nothing was accepted, retry after "
                + retryAfterSeconds + " s", retryAfterSeconds);
    }

    RateLimitedException(String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds until the device's next request would be taken, at least 1. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
