package org.vigil.simulator.signal;

import java.time.Duration;
import java.util.List;

/**
 * What a demo patient shows, so that a ward dashboard fed by the fleet meets every kind of alert within a minute of
 * start. Patient <i>n</i> of the fleet gets {@link #forPatient}: the scenarios in declaration order, then stable
 * patients. Timings are from the first measurement cycle, whatever the interval.
 */
public enum Scenario {

    /** Sepsis-like: drifts a little over the 4 hours before start, then within 40 s past every first-set threshold. */
    SEPSIS("deteriorates (sepsis-like): past every first-rule-set threshold within 40 s",
            List.of("heart-rate-high", "respiratory-rate-high", "spo2-low", "systolic-low", "temperature-high",
                    "news2")),

    /**
     * Type 1 diabetes on a CGM (a reading every 5 min): glucose falling since 30 min before start, forecast low, below
     * 70 mg/dL at 50 s, lowest 54 at 10 min, treated, back above 80 at 25 min; the same every 3 hours.
     */
    HYPOGLYCAEMIA("CGM: glucose falling fast, forecast low, below 70 mg/dL at 50 s; again every 3 h",
            List.of("glucose-falling-fast", "glucose-predicted-low", "glucose-low")),

    /** Paroxysmal atrial fibrillation in the wearable's RR intervals: 2 min before start to 8 min, every 20 min. */
    PAROXYSMAL_AF("atrial fibrillation in the RR intervals from start to 8 min, then every 20 min",
            List.of("possible-af")),

    /** A wearable's fall detector reports a fall with a location at 25 s, and again every 2 hours. */
    FALL("falls at 25 s (with location), again every 2 h", List.of("fall")),

    /** The SpO2 probe comes off the finger: SpO2 reads exactly 0 from 10 s to 100 s, and again every 20 min. */
    SENSOR_OFF("SpO2 probe off (reads 0) from 10 s to 100 s, again every 20 min", List.of("sensor-off-spo2")),

    /** The monitor sends its history and 10 s of readings, then nothing more. */
    SILENT_DEVICE("monitor goes silent after 10 s and stays silent", List.of("device-silent")),

    /** Calm vital signs around their own baseline; never crosses a threshold. */
    STABLE("stable", List.of());

    /** When the silent device stops sending, from its first cycle. */
    public static final Duration SILENT_AFTER = Duration.ofSeconds(10);

    private final String description;
    private final List<String> rules;

    Scenario(String description, List<String> rules) {
        this.description = description;
        this.rules = rules;
    }

    /** Patient 1 deteriorates, 2 to 6 show one alert each, the rest are stable. */
    public static Scenario forPatient(int number) {
        Scenario[] all = values();
        return number >= 1 && number < all.length ? all[number - 1] : STABLE;
    }

    /** For people: what the patient shows and when. */
    public String description() {
        return description;
    }

    /** The alert-service rule ids this scenario raises (for {@link #SEPSIS} the ones it raises in the first minute). */
    public List<String> rules() {
        return rules;
    }

    /** Whether the patient wears something that sends RR intervals (the sepsis patient's monitor does not). */
    boolean sendsRrIntervals() {
        return this != SEPSIS;
    }

    /** Whether the device stops sending after {@link #SILENT_AFTER}. */
    public boolean goesSilent() {
        return this == SILENT_DEVICE;
    }
}
