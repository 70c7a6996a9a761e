package org.vigil.service.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Whom the caller looks after could not be looked up, so no decision can be made: 503. */
public class RelationshipsUnavailableException extends ErrorResponseException {

    public RelationshipsUnavailableException() {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
        getHeaders().set("Retry-After", "5");
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.SERVICE_UNAVAILABLE);
        problem.setTitle("Access cannot be checked");
        problem.setDetail("Your care-team memberships could not be looked up just now; try again shortly.");
        return problem;
    }
}
