package org.vigil.ingest.reading;

/** An authenticated device posted readings naming another device (403). The message never quotes the body. */
class ForeignDeviceException extends RuntimeException {

    private final String deviceId;

    ForeignDeviceException(String deviceId, String message) {
        super(message, null, false, false);
        this.deviceId = deviceId;
    }

    /** The authenticated device, which the refusal is recorded against. */
    String deviceId() {
        return deviceId;
    }
}
