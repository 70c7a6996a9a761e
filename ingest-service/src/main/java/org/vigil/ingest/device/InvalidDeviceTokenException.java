package org.vigil.ingest.device;

/**
 * The request carries no usable device token: none, not a bearer token, unknown or revoked (401). The message says
 * which, for the device maker, and never quotes the token.
 */
public class InvalidDeviceTokenException extends RuntimeException {

    private final boolean tokenPresented;

    InvalidDeviceTokenException(String message, boolean tokenPresented) {
        super(message, null, false, false);
        this.tokenPresented = tokenPresented;
    }

    /** Whether a credential was offered at all; RFC 6750 adds {@code error="invalid_token"} only then. */
    public boolean tokenPresented() {
        return tokenPresented;
    }
}
