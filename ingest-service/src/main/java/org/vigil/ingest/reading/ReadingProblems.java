package org.vigil.ingest.reading;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.vigil.ingest.DependencyUnavailableException;
import org.vigil.ingest.IngestProperties;
import org.vigil.ingest.device.InvalidDeviceTokenException;

/** Whole-request failures as RFC 9457 problems, each with a detail a device maker can act on. */
@RestControllerAdvice(assignableTypes = ReadingsController.class)
class ReadingProblems {

    private static final Logger log = LoggerFactory.getLogger(ReadingProblems.class);

    private final String retryAfterSeconds;

    ReadingProblems(IngestProperties properties) {
        this.retryAfterSeconds = Long.toString(Math.max(1, properties.retryAfter().toSeconds()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalidToken(InvalidDeviceTokenException e) {
        String challenge = e.tokenPresented()
                ? "Bearer realm=\"vigil\", error=\"invalid_token\""
                : "Bearer realm=\"vigil\"";
        return problem(HttpStatus.UNAUTHORIZED, e.getMessage(), HttpHeaders.WWW_AUTHENTICATE, challenge);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> badRequest(BadReadingsRequestException e) {
        return problem(e.status(), e.getMessage(), null, null);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(DependencyUnavailableException e) {
        log.warn("Answering 503: {}", e.getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE,
                "readings cannot be accepted right now (" + e.getMessage() + "); nothing was accepted, retry later",
                HttpHeaders.RETRY_AFTER, retryAfterSeconds);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, @Nullable String detail,
            @Nullable String header, @Nullable String value) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        var response = ResponseEntity.status(status);
        if (header != null && value != null) {
            response.header(header, value);
        }
        return response.body(problem);
    }
}
