package org.vigil.ingest.device;

import org.jspecify.annotations.Nullable;

/**
 * The request carries no usable device token: none, not a bearer token, unknown or revoked (401). The message says
 * which, for the device maker, and never quotes the token.
 */
public class InvalidDeviceTokenException extends RuntimeException {

    /** What vitals-service answers when a device's token is no longer valid for it, and the audit's reason. */
    public static final String CREDENTIALS_REVOKED = "credentials-revoked";

    private final boolean tokenPresented;
    private final String reason;
    private final @Nullable String deviceId;

    InvalidDeviceTokenException(String message, boolean tokenPresented, String reason, @Nullable String deviceId) {
        super(message, null, false, false);
        this.tokenPresented = tokenPresented;
        this.reason = reason;
        this.deviceId = deviceId;
    }

    /** vitals-service refused the token while claiming the device's readings: revoked or replaced since we cached it. */
    public static InvalidDeviceTokenException revoked(String deviceId) {
        return new InvalidDeviceTokenException("This device token has been revoked or replaced", true,
                CREDENTIALS_REVOKED, deviceId);
    }

    /** Whether a credential was offered at all; RFC 6750 adds {@code error="invalid_token"} only then. */
    public boolean tokenPresented() {
        return tokenPresented;
    }

    /** A short code for the audit trail: {@code no-token}, {@code malformed-token}, {@code unknown-token} ... */
    public String reason() {
        return reason;
    }

    /** The device the token belonged to, when that is known (a revoked token); null for an unknown one. */
    public @Nullable String deviceId() {
        return deviceId;
    }
}
