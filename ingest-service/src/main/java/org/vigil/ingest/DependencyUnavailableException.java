package org.vigil.ingest;

/**
 * vitals-service or Kafka could not do its part of a request; the device should retry later (503 with Retry-After).
 * The message names the dependency and what failed, never the request's content.
 */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public DependencyUnavailableException(String message) {
        super(message);
    }
}
