package org.vigil.fhir.observation;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SampledData;
import org.jspecify.annotations.Nullable;
import org.vigil.common.vitals.Acvpu;
import org.vigil.common.vitals.ValueKind;
import org.vigil.common.vitals.VitalType;
import tools.jackson.databind.JsonNode;

/**
 * A reading view as an R4 vital-signs Observation.
 *
 * <ul>
 *   <li>Quantities: LOINC code from the catalogue, {@code valueQuantity} in the canonical UCUM unit, the base
 *       {@code vitalsigns} profile plus the specific one where R4 has it.</li>
 *   <li>Blood pressure: one Observation 85354-9 with components 8480-6 and 8462-4, no top-level value (bp profile).</li>
 *   <li>Consciousness: ACVPU as {@code valueCodeableConcept}; the vital-signs profiles allow only Quantity values, so
 *       it keeps the vital-signs category but claims no profile.</li>
 *   <li>Supplemental oxygen: see {@link #oxygen}.</li>
 *   <li>RR intervals: see {@link #rrIntervals}.</li>
 *   <li>Fall: see {@link #fall}.</li>
 * </ul>
 */
final class ObservationMapper {

    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String VITAL_SIGNS_PROFILE = "http://hl7.org/fhir/StructureDefinition/vitalsigns";
    static final String ACVPU_SYSTEM = "urn:vigil:CodeSystem:acvpu";
    static final String SNOMED = "http://snomed.info/sct";
    /** SNOMED CT 57485005 "Oxygen therapy (procedure)": whether the patient is on supplemental oxygen. */
    static final String OXYGEN_THERAPY = "57485005";
    /** The oxygensat profile wants this coding beside 59408-5. */
    static final String SPO2_OXYGENSAT_LOINC = "2708-6";
    static final String EVENT_LOCATION = "http://hl7.org/fhir/StructureDefinition/event-location";
    static final String FALL_LOCATION_ID = "location";

    private ObservationMapper() {
    }

    /** A reading view as served: its stored document when it has one, else mapped from its fields. */
    static Observation map(IParser parser, ReadingView reading) {
        if (reading.resource() != null && !reading.resource().isNull()) {
            return stored(parser, reading);
        }
        VitalType type = VitalType.fromCode(reading.type())
                .orElseThrow(() -> new UnmappableReadingException("its type is not one this service knows"));
        return toObservation(reading, type);
    }

    static Observation toObservation(ReadingView reading, VitalType type) {
        Observation observation = new Observation();
        observation.setId(new IdType("Observation", reading.id()));
        observation.setStatus(status(reading.status()));
        if (type == VitalType.FALL) {
            observation.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "exam", "Exam")).setText("Exam"));
        } else {
            observation.addCategory(new CodeableConcept(
                    new Coding(CATEGORY_SYSTEM, "vital-signs", "Vital Signs")).setText("Vital Signs"));
        }
        CodeableConcept code = new CodeableConcept(new Coding(type.codeSystem(), type.loinc(), type.display()))
                .setText(type.display());
        if (type == VitalType.SPO2) {
            code.addCoding(new Coding(LOINC, SPO2_OXYGENSAT_LOINC, "Oxygen saturation in Arterial blood"));
        }
        observation.setCode(code);
        for (String profile : profiles(type)) {
            observation.getMeta().addProfile(profile);
        }
        observation.setSubject(new Reference("Patient/" + reading.patientId()));
        observation.setDevice(new Reference("Device/" + reading.deviceId()));
        observation.addIdentifier().setSystem("urn:vigil:device:" + reading.deviceId() + ":reading")
                .setValue(reading.readingId());
        observation.setEffective(utc(reading.time()));
        if (reading.receivedAt() != null) {
            observation.setIssued(Date.from(reading.receivedAt()));
        }
        @Nullable CodeableConcept absent = absentReason(reading.dataAbsentReason());
        if (absent != null && !hasValue(reading, type)) {
            // Stored as such (e.g. a posted Observation with a dataAbsentReason): no value, the reason instead.
            if (type.kind() == ValueKind.BLOOD_PRESSURE) {
                observation.addComponent(component(VitalType.SYSTOLIC_LOINC, "Systolic blood pressure",
                        reading.systolic() == null ? null : quantity(reading.systolic(), type.unit()), absent));
                observation.addComponent(component(VitalType.DIASTOLIC_LOINC, "Diastolic blood pressure",
                        reading.diastolic() == null ? null : quantity(reading.diastolic(), type.unit()), absent));
            } else {
                observation.setDataAbsentReason(absent);
            }
            return observation;
        }
        switch (type.kind()) {
            case QUANTITY -> observation.setValue(quantity(required(reading.value(), "value"), type.unit()));
            case BLOOD_PRESSURE -> {
                observation.addComponent(component(VitalType.SYSTOLIC_LOINC, "Systolic blood pressure",
                        quantity(required(reading.systolic(), "systolic"), type.unit())));
                observation.addComponent(component(VitalType.DIASTOLIC_LOINC, "Diastolic blood pressure",
                        quantity(required(reading.diastolic(), "diastolic"), type.unit())));
            }
            case ACVPU -> {
                Acvpu level = Acvpu.fromCode(reading.consciousness()).orElseThrow(
                        () -> new UnmappableReadingException("consciousness is not an ACVPU level"));
                observation.setValue(new CodeableConcept(new Coding(ACVPU_SYSTEM, level.name(), level.display()))
                        .setText(level.display()));
            }
            case OXYGEN -> oxygen(observation, reading, type);
            case SERIES -> rrIntervals(observation, reading, type);
            case EVENT -> fall(observation, reading);
        }
        return observation;
    }

    /**
     * A reading posted as a FHIR Observation ({@code resource} in the view): that document as it was stored, with
     * {@code id} the reading's id, {@code meta.versionId} 1 (readings are never changed) and {@code meta.lastUpdated}
     * when vitals-service received it. Parsed leniently: it was validated when it was posted.
     */
    static Observation stored(IParser parser, ReadingView reading) {
        return stored(parser, reading.resource(), reading.id(),
                reading.receivedAt() != null ? reading.receivedAt() : reading.time());
    }

    /** A stored Observation document (a reading's or a panel's) as served; see {@link ObservationEvents#stamp}. */
    static Observation stored(IParser parser, @Nullable JsonNode resource, String id, Instant receivedAt) {
        if (resource == null || !resource.isObject()) {
            throw new UnmappableReadingException("it has no stored resource");
        }
        Observation observation;
        try {
            observation = parser.parseResource(Observation.class, resource.toString());
        } catch (DataFormatException e) {
            throw new UnmappableReadingException("its stored Observation cannot be parsed");
        }
        return ObservationEvents.stamp(observation, id, receivedAt);
    }

    /** The view's status, {@code final} when absent; a code R4 does not know is {@code unknown}. */
    static Observation.ObservationStatus status(@Nullable String code) {
        if (code == null || code.isBlank()) {
            return Observation.ObservationStatus.FINAL;
        }
        try {
            Observation.ObservationStatus status = Observation.ObservationStatus.fromCode(code);
            return status == null || status == Observation.ObservationStatus.NULL
                    ? Observation.ObservationStatus.UNKNOWN : status;
        } catch (FHIRException e) {
            return Observation.ObservationStatus.UNKNOWN;
        }
    }

    static final String DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    private static final Map<String, String> ABSENT_DISPLAYS = Map.ofEntries(
            Map.entry("unknown", "Unknown"), Map.entry("asked-unknown", "Asked But Unknown"),
            Map.entry("temp-unknown", "Temporarily Unknown"), Map.entry("not-asked", "Not Asked"),
            Map.entry("asked-declined", "Asked But Declined"), Map.entry("masked", "Masked"),
            Map.entry("not-applicable", "Not Applicable"), Map.entry("unsupported", "Unsupported"),
            Map.entry("as-text", "As Text"), Map.entry("error", "Error"), Map.entry("not-a-number", "Not a Number (NaN)"),
            Map.entry("negative-infinity", "Negative Infinity (NINF)"),
            Map.entry("positive-infinity", "Positive Infinity (PINF)"), Map.entry("not-performed", "Not Performed"),
            Map.entry("not-permitted", "Not Permitted"));

    private static @Nullable CodeableConcept absentReason(@Nullable String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        return new CodeableConcept(new Coding(DATA_ABSENT_REASON, code, ABSENT_DISPLAYS.get(code)));
    }

    private static boolean hasValue(ReadingView reading, VitalType type) {
        return switch (type.kind()) {
            case QUANTITY -> reading.value() != null;
            case BLOOD_PRESSURE -> reading.systolic() != null && reading.diastolic() != null;
            case ACVPU -> reading.consciousness() != null;
            case OXYGEN -> reading.supplementalOxygen() != null;
            case SERIES -> reading.values() != null && !reading.values().isEmpty();
            case EVENT -> true;
        };
    }

    private static ObservationComponentComponent component(String loinc, String display, @Nullable Quantity value,
            CodeableConcept absent) {
        ObservationComponentComponent component = new ObservationComponentComponent(
                new CodeableConcept(new Coding(LOINC, loinc, display)).setText(display));
        if (value != null) {
            component.setValue(value);
        } else {
            component.setDataAbsentReason(absent);
        }
        return component;
    }

    /**
     * RR intervals as {@code valueSampledData}, the R4 type for a series of measurements: {@code data} the intervals
     * in ms separated by spaces, in the order the beats came; {@code origin} 0 ms (the values are the intervals
     * themselves, not offsets); {@code dimensions} 1. SampledData requires {@code period}, the time between samples;
     * one interval is sampled per beat, so the period is the mean interval in ms (rounded to 0.1 ms): sample k lies
     * about k periods after the window's start. {@code effectivePeriod} is the window: from the reading's time to that
     * time plus the sum of the intervals. A component per interval (up to 2,000) was rejected as far larger for the
     * same information. Vital-signs category, no profile (the vital-signs profiles allow no SampledData).
     */
    private static void rrIntervals(Observation observation, ReadingView reading, VitalType type) {
        List<Double> values = required(reading.values(), "values");
        if (values.isEmpty()) {
            throw new UnmappableReadingException("reading has no values");
        }
        String unit = required(type.unit(), "unit");
        double sum = 0;
        StringBuilder data = new StringBuilder();
        for (double interval : values) {
            sum += interval;
            if (!data.isEmpty()) {
                data.append(' ');
            }
            data.append(plain(interval));
        }
        BigDecimal mean = BigDecimal.valueOf(sum / values.size()).setScale(1, RoundingMode.HALF_UP);
        observation.setValue(new SampledData()
                .setOrigin(new Quantity().setValue(BigDecimal.ZERO).setUnit(unit).setSystem(UCUM).setCode(unit))
                .setPeriod(mean)
                .setDimensions(1)
                .setData(data.toString()));
        Instant end = reading.time().plusNanos(Math.round(sum * 1_000_000));
        observation.setEffective(new Period().setStartElement(utc(reading.time())).setEndElement(utc(end)));
    }

    /**
     * A fall as SNOMED CT 1912002 "Fall" with {@code valueBoolean} true (a fall was detected at
     * {@code effectiveDateTime}), category {@code exam}: an observation of the patient made by an instrument. Where it
     * happened, when the device knew: a contained Location with {@code position.latitude}/{@code longitude} (WGS 84),
     * referenced by the core extension {@code event-location}, whose context includes Observation. R4's Observation has
     * no location element; the {@code geolocation} extension is for Addresses only.
     */
    private static void fall(Observation observation, ReadingView reading) {
        observation.setValue(new BooleanType(true));
        if (reading.latitude() != null && reading.longitude() != null) {
            Location location = new Location();
            location.setId(FALL_LOCATION_ID);
            location.setPosition(new Location.LocationPositionComponent()
                    .setLatitude(BigDecimal.valueOf(reading.latitude()))
                    .setLongitude(BigDecimal.valueOf(reading.longitude())));
            location.setDescription("Where the device detected the fall");
            observation.addContained(location);
            observation.addExtension(EVENT_LOCATION, new Reference("#" + FALL_LOCATION_ID));
        }
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static DateTimeType utc(Instant instant) {
        return new DateTimeType(Date.from(instant), TemporalPrecisionEnum.MILLI, TimeZone.getTimeZone("UTC"));
    }

    /**
     * Supplemental oxygen is coded 3151-8 "Inhaled oxygen flow rate", so the top-level value is that flow in L/min:
     * the flow given, or 0 L/min on room air. On oxygen with no flow given, the value is absent (dataAbsentReason
     * unknown). Whether the patient is on oxygen at all, which is what NEWS2 scores, is always a component coded
     * SNOMED CT 57485005 "Oxygen therapy" with {@code valueBoolean}. (A flow component coded 3151-8 beside a
     * top-level value would break invariant obs-7, which forbids a component repeating the Observation's code while a
     * top-level value is present.) No profile: the vital-signs profiles do not cover this code.
     */
    private static void oxygen(Observation observation, ReadingView reading, VitalType type) {
        boolean onOxygen = required(reading.supplementalOxygen(), "supplementalOxygen");
        if (!onOxygen) {
            observation.setValue(quantity(0.0, type.unit()));
        } else if (reading.oxygenFlow() != null) {
            observation.setValue(quantity(reading.oxygenFlow(), type.unit()));
        } else {
            observation.setDataAbsentReason(new CodeableConcept(new Coding(DATA_ABSENT_REASON, "unknown", "Unknown")));
        }
        ObservationComponentComponent therapy = new ObservationComponentComponent(
                new CodeableConcept(new Coding(SNOMED, OXYGEN_THERAPY, "Oxygen therapy")).setText("On oxygen"));
        therapy.setValue(new BooleanType(onOxygen));
        observation.addComponent(therapy);
    }

    static List<String> profiles(VitalType type) {
        return switch (type) {
            case HEART_RATE -> List.of(VITAL_SIGNS_PROFILE, "http://hl7.org/fhir/StructureDefinition/heartrate");
            case RESPIRATORY_RATE -> List.of(VITAL_SIGNS_PROFILE, "http://hl7.org/fhir/StructureDefinition/resprate");
            case SPO2 -> List.of(VITAL_SIGNS_PROFILE, "http://hl7.org/fhir/StructureDefinition/oxygensat");
            case BODY_TEMPERATURE -> List.of(VITAL_SIGNS_PROFILE, "http://hl7.org/fhir/StructureDefinition/bodytemp");
            case BLOOD_PRESSURE -> List.of(VITAL_SIGNS_PROFILE, "http://hl7.org/fhir/StructureDefinition/bp");
            case BODY_WEIGHT -> List.of(VITAL_SIGNS_PROFILE, "http://hl7.org/fhir/StructureDefinition/bodyweight");
            case BLOOD_GLUCOSE -> List.of(VITAL_SIGNS_PROFILE);
            case CONSCIOUSNESS, SUPPLEMENTAL_OXYGEN, RR_INTERVALS, FALL -> List.of();
        };
    }

    private static ObservationComponentComponent component(String loinc, String display, Quantity value) {
        ObservationComponentComponent component = new ObservationComponentComponent(
                new CodeableConcept(new Coding(LOINC, loinc, display)).setText(display));
        component.setValue(value);
        return component;
    }

    private static Quantity quantity(double value, @Nullable String unit) {
        if (unit == null) {
            throw new IllegalStateException("a quantity needs a unit");
        }
        return new Quantity().setValue(BigDecimal.valueOf(value)).setUnit(unit).setSystem(UCUM).setCode(unit);
    }

    private static <T> T required(@Nullable T value, String field) {
        if (value == null) {
            throw new UnmappableReadingException("reading has no " + field);
        }
        return value;
    }

    /** A reading view that cannot be an Observation (a field its type needs is missing); never holds a value. */
    static class UnmappableReadingException extends RuntimeException {

        UnmappableReadingException(String message) {
            super(message);
        }
    }
}
