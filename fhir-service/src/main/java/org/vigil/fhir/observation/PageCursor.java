package org.vigil.fhir.observation;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Comparator;

/**
 * The keyset position of a page: the (time, id) of its last entry. The next page holds only what sorts strictly past
 * it, so entries added while a client walks the pages are neither repeated nor make others skip. Readings and NEWS2
 * scores share the order: time, then id (both UUIDs, compared as their lowercase text, which is also PostgreSQL's uuid
 * order), so one cursor serves both sources. Opaque to clients (base64url).
 */
record PageCursor(Instant time, String id) {

    static final String PARAM = "_cursor";

    /** Ascending (time, id); reverse it for newest first. */
    static final Comparator<PageCursor> ORDER = Comparator.comparing(PageCursor::time).thenComparing(PageCursor::id);

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((time + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static PageCursor decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            if (bar > 0 && bar < text.length() - 1) {
                return new PageCursor(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // answered below
        }
        throw new InvalidRequestException(PARAM + " is not a page cursor this server issued; follow the Bundle's"
                + " next link as given");
    }
}
