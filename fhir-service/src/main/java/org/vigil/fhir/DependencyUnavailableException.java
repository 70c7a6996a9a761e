package org.vigil.fhir;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.jspecify.annotations.Nullable;

/** vitals-service could not be reached or failed; HAPI answers it as a 503 OperationOutcome. */
public class VitalsUnavailableException extends BaseServerResponseException {

    public VitalsUnavailableException(String message, @Nullable Throwable cause) {
        super(503, message, cause);
    }
}
