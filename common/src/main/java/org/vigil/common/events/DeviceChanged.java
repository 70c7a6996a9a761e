package org.vigil.common.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A device's registration, assignment or credentials changed. Published by vitals-service on
 * {@link Topics#DEVICE_CHANGED}, keyed by device id; ingest-service drops what it cached about the device.
 *
 * @param change one of {@link #REGISTERED}, {@link #ASSIGNED}, {@link #CREDENTIALS_CHANGED}; consumers ignore others
 */
public record DeviceChanged(String deviceId, String change, Instant occurredAt) {

    public static final String REGISTERED = "registered";
    public static final String ASSIGNED = "assigned";
    public static final String CREDENTIALS_CHANGED = "credentials-changed";

    public DeviceChanged {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
