package org.vigil.common.vitals;

/** What shape a reading's value has on the wire and in storage. */
public enum ValueKind {
    /** One number with a unit (heart rate, SpO2, temperature ...). */
    QUANTITY,
    /** Systolic and diastolic pressure, one unit for both. */
    BLOOD_PRESSURE,
    /** A level of consciousness on the ACVPU scale. */
    ACVPU,
    /** Whether the patient breathes supplemental oxygen, with an optional flow in L/min. */
    OXYGEN,
    /** A series of numbers over a window that starts at the reading's time (beat-to-beat RR intervals in ms). */
    SERIES,
    /** Something happened (a fall), with no value; optionally where. */
    EVENT
}
