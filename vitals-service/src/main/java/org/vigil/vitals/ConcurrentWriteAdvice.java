package org.vigil.vitals;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Two writes that lock the same records in opposite orders (say two transactions updating the same two patients)
 * make PostgreSQL abort one of them as a deadlock. That is no server fault: the loser is told to retry (409).
 */
@RestControllerAdvice
class ConcurrentWriteAdvice {

    @ExceptionHandler(PessimisticLockingFailureException.class)
    ProblemDetail concurrentWrite(PessimisticLockingFailureException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "a concurrent write locked the same records; nothing was written, retry the request");
    }
}
