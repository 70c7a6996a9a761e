package org.vigil.service.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The caller may not see or change this data: 403, with no hint whether the patient exists. */
public class PatientAccessDeniedException extends ErrorResponseException {

    public PatientAccessDeniedException(String detail) {
        super(HttpStatus.FORBIDDEN, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.FORBIDDEN);
        problem.setTitle("Forbidden");
        problem.setDetail(detail);
        return problem;
    }
}
