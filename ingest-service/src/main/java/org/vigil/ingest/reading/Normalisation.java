package org.vigil.ingest.reading;

import org.jspecify.annotations.Nullable;

/** What became of one reading of a request: normalised, or refused with a reason. */
sealed interface Normalisation permits NormalisedReading, Normalisation.Refused {

    /**
     * @param readingId the device's id for the reading, when it sent a usable one
     * @param error a sentence for the device maker; it may quote the value, so it is never logged
     */
    record Refused(@Nullable String readingId, RejectionReason reason, String error) implements Normalisation {
    }
}
