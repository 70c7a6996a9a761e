package org.vigil.alert.history;

import java.time.Instant;
import java.util.UUID;

/** One value of a parameter at a time, from the reading with this event id. */
public record RecentValue(String parameter, Instant at, double value, UUID readingId) {
}
