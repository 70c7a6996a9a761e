package org.vigil.fhir;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.jspecify.annotations.Nullable;

/** A service this one calls (vitals-service, alert-service) could not be reached or failed; HAPI answers 503. */
public class DependencyUnavailableException extends BaseServerResponseException {

    public DependencyUnavailableException(String message, @Nullable Throwable cause) {
        super(503, message, cause);
    }
}
