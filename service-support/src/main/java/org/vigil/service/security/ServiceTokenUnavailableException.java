package org.vigil.service.security;

/** This service could not get its own access token from the issuer, so it cannot call the others now. */
public class ServiceTokenUnavailableException extends RuntimeException {

    public ServiceTokenUnavailableException(String why) {
        super("No service token: " + why);
    }
}
