package org.vigil.service.deadletter;

/** A replayed dead letter still cannot be processed; the message says why and never quotes the content. */
public class ReplayFailedException extends RuntimeException {

    public ReplayFailedException(String reason) {
        super(reason);
    }
}
