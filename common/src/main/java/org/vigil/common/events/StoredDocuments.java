package org.vigil.common.events;

/**
 * What a FHIR document carried in an event ({@link ReadingRecorded#resource()},
 * {@link ObservationDocumentRecorded#resource()}) must be for vitals-service to store it, so that the producer refuses
 * it up front rather than acknowledging a reading the consumer would have to dead-letter.
 */
public final class StoredDocuments {

    private static final String NUL_ESCAPE = "\\u0000";

    private StoredDocuments() {
    }

    /**
     * Whether the JSON text holds a NUL character (escaped in a string as backslash, u, 0000), which PostgreSQL's
     * jsonb refuses. That escape after an escaped backslash is text, not a NUL character.
     */
    public static boolean escapesNul(String json) {
        for (int at = json.indexOf(NUL_ESCAPE); at >= 0; at = json.indexOf(NUL_ESCAPE, at + 1)) {
            int backslashes = 0;
            for (int i = at - 1; i >= 0 && json.charAt(i) == '\\'; i--) {
                backslashes++;
            }
            if (backslashes % 2 == 0) {
                return true;
            }
        }
        return false;
    }
}
