package org.vigil.vitals.reading;

/**
 * The SQL form of {@link org.vigil.common.events.ReadingRecorded#alertable()}: readings that are not cancelled, not
 * entered in error and carry their value. Charts and reports aggregate only these, as {@code latest_vital} holds only
 * these: a reading withdrawn as entered in error must not draw a spike or shift a mean.
 */
public final class AlertableReadings {

    /** A condition on the columns of {@code readings} (status null means final). */
    public static final String CONDITION =
            "data_absent_reason IS NULL AND (status IS NULL OR status NOT IN ('cancelled', 'entered-in-error'))";

    private AlertableReadings() {
    }
}
