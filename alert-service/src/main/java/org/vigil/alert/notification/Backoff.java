package org.vigil.alert.notification;

import java.time.Duration;

/** The wait before the next attempt: {@code initial} after the first failure, doubling, capped at {@code max}. */
record Backoff(Duration initial, Duration max) {

    /** @param failures how many attempts have failed so far (1 after the first) */
    Duration after(int failures) {
        if (failures < 1) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - 1, 40);
        long millis = initial.toMillis();
        for (int i = 0; i < doublings && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
