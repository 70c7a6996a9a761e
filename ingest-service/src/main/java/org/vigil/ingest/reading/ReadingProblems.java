package org.vigil.ingest.reading;

import jakarta.servlet.http.HttpServletRequest;
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
import org.vigil.service.security.ServiceTokenUnavailableException;

/**
 * Whole-request failures as RFC 9457 problems, each with a detail a device maker can act on. Refused devices (401,
 * 403) are recorded in the audit trail before the answer (coalesced per address, {@link DeviceRefusals}); a 401 is
 * counted against its address's refusals, and one too many is a 429 instead ({@link RefusalLimiter}).
 */
@RestControllerAdvice(assignableTypes = ReadingsController.class)
class ReadingProblems {

    private static final Logger log = LoggerFactory.getLogger(ReadingProblems.class);

    private final String retryAfterSeconds;
    private final DeviceRefusals refusals;
    private final RefusalLimiter refusalLimiter;

    ReadingProblems(IngestProperties properties, DeviceRefusals refusals, RefusalLimiter refusalLimiter) {
        this.retryAfterSeconds = Long.toString(Math.max(1, properties.retryAfter().toSeconds()));
        this.refusals = refusals;
        this.refusalLimiter = refusalLimiter;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalidToken(InvalidDeviceTokenException e, HttpServletRequest request) {
        String address = RefusalLimiter.addressOf(request);
        try {
            refusalLimiter.charge(address);
        } catch (RateLimitedException tooMany) {
            return rateLimited(tooMany);
        }
        refusals.record(request, address, e.deviceId(), e.reason());
        String challenge = e.tokenPresented()
                ? "Bearer realm=\"vigil\", error=\"invalid_token\""
                : "Bearer realm=\"vigil\"";
        return problem(HttpStatus.UNAUTHORIZED, e.getMessage(), HttpHeaders.WWW_AUTHENTICATE, challenge);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> foreignDevice(ForeignDeviceException e, HttpServletRequest request) {
        refusals.record(request, RefusalLimiter.addressOf(request), e.deviceId(), "foreign-device");
        return problem(HttpStatus.FORBIDDEN, e.getMessage(), null, null);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rateLimited(RateLimitedException e) {
        return problem(HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), HttpHeaders.RETRY_AFTER,
                Long.toString(e.retryAfterSeconds()));
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

    /** VitalsHttp turns this into the above; kept for any other caller, it is a dependency failure all the same. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> noServiceToken(ServiceTokenUnavailableException e) {
        return unavailable(new DependencyUnavailableException("no access token for calling vitals-service", e));
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
