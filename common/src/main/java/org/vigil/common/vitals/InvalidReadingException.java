package org.vigil.common.vitals;

/**
 * A reading that cannot be accepted, with a message that names the problem for the device maker. The message goes back
 * to the caller that sent the reading; it may hold the reading's value, so it must never be logged.
 */
public class InvalidReadingException extends RuntimeException {

    public InvalidReadingException(String message) {
        super(message, null, false, false);
    }
}
