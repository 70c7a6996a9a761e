package org.vigil.service.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The audit record of an access could not be written, so the access is refused: 503, try again later. */
public class AuditUnavailableException extends ErrorResponseException {

    public AuditUnavailableException() {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
        getHeaders().set("Retry-After", "5");
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.SERVICE_UNAVAILABLE);
        problem.setTitle("Audit trail unavailable");
        problem.setDetail("Every access to health data is recorded first, and the record could not be written just "
                + "now. Nothing was read or changed; try again shortly.");
        return problem;
    }
}
