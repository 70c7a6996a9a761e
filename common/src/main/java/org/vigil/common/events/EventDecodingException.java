package org.vigil.common.events;

/** A record's bytes are not a valid event of the topic's type. The message names the problem, never the content. */
public class EventDecodingException extends RuntimeException {

    public EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
