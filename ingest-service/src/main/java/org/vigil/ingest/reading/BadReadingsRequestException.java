package org.vigil.ingest.reading;

import org.springframework.http.HttpStatus;

/** The request as a whole cannot be taken: 400 (not JSON, no readings) or 413 (too large). Never quotes the body. */
class BadReadingsRequestException extends RuntimeException {

    private final HttpStatus status;

    BadReadingsRequestException(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static BadReadingsRequestException badRequest(String message) {
        return new BadReadingsRequestException(HttpStatus.BAD_REQUEST, message);
    }

    static BadReadingsRequestException tooLarge(String message) {
        return new BadReadingsRequestException(HttpStatus.CONTENT_TOO_LARGE, message);
    }

    HttpStatus status() {
        return status;
    }
}
