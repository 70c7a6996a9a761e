package org.vigil.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

/**
 * Logs the server's own failures (5xx) by status and exception type, in place of HAPI's ExceptionHandlingInterceptor
 * log, which is off: HAPI logs a client's unparseable search value (a birth date, an identifier) at ERROR with the
 * value quoted. Client errors (4xx) are the client's to read in the OperationOutcome, and are not logged.
 */
@Interceptor
final class ServerErrors {

    private static final Logger log = LoggerFactory.getLogger(ServerErrors.class);

    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean logServerFailure(RequestDetails request, BaseServerResponseException exception) {
        if (exception.getStatusCode() >= 500) {
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(exception);
            log.error("FHIR {} {} failed with {}: {}", request.getRequestType(), request.getResourceName(),
                    exception.getStatusCode(), cause.getClass().getName());
        }
        return true;
    }
}
