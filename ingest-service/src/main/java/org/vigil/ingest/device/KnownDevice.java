package org.vigil.ingest.device;

import java.time.Instant;

/**
 * An authenticated device and when its details were fetched from vitals-service (they may be up to the cache's TTL
 * old).
 */
public record KnownDevice(Device device, String tokenHash, Instant fetchedAt) {
}
