package org.vigil.service.stream;

import java.time.Duration;

/** A stream beyond {@link StreamSlots}' caps: answered 429 problem+json with Retry-After by {@link StreamLimitAdvice}. */
public final class TooManyStreamsException extends RuntimeException {

    private final Duration retryAfter;

    TooManyStreamsException(String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
