package org.vigil.ingest.reading;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.vigil.common.vitals.Acvpu;
import org.vigil.common.vitals.InvalidReadingException;
import org.vigil.common.vitals.VitalType;
import org.vigil.ingest.device.Device;
import tools.jackson.databind.JsonNode;

/**
 * Stage 2, normalise: checks one reading as the device sent it against the catalogue in common, converts it to its
 * type's canonical unit and attributes it to the patient the device was assigned to at the reading's time. Pure and
 * thread-safe; a bad reading becomes a {@link Normalisation.Refused} with a sentence for the device maker, never an
 * exception.
 *
 * <p>The wire shape: {@code {"id", "type", "time", "value", "unit"}} for quantities; {@code systolic} and
 * {@code diastolic} instead of {@code value} for blood pressure; {@code value} an ACVPU letter for consciousness;
 * {@code value} a boolean and an optional {@code flow} (L/min unless {@code unit} says otherwise) for supplemental
 * oxygen; {@code values} (a non-empty array of numbers, ms unless {@code unit} says s) for series such as
 * rr-intervals, whose {@code time} is the window's start; nothing but an optional
 * {@code location: {"lat", "lon"}} (WGS 84 degrees) for events such as a fall.
 */
final class ReadingNormaliser {

    static final int MAX_ID_LENGTH = 128;

    private static final Map<String, VitalType> TYPES_BY_CODE = byCode();
    private static final String KNOWN_TYPES =
            Stream.of(VitalType.values()).map(VitalType::code).collect(Collectors.joining(", "));
    private static final String ACVPU_LEVELS =
            Stream.of(Acvpu.values()).map(Acvpu::name).collect(Collectors.joining(", "));
    private static final String OXYGEN_FLOW_UNIT = "L/min";
    private static final int MAX_QUOTED = 40;
    private static final double MAX_LATITUDE = 90;
    private static final double MAX_LONGITUDE = 180;

    private final Duration futureTolerance;
    private final String futureToleranceText;

    ReadingNormaliser(Duration futureTolerance) {
        this.futureTolerance = futureTolerance;
        this.futureToleranceText = describe(futureTolerance);
    }

    /**
     * @param device the sending device, whose assignment history attributes the reading
     * @param now the server's time of receipt, for the check against readings from the future
     */
    Normalisation normalise(JsonNode reading, Device device, Instant now) {
        if (!reading.isObject()) {
            return new Normalisation.Refused(null, RejectionReason.MALFORMED, "a reading must be a JSON object");
        }
        String id;
        try {
            id = readingId(reading);
        } catch (Refusal refusal) {
            return new Normalisation.Refused(null, refusal.reason, refusal.getMessage());
        }
        try {
            return normalise(id, reading, device, now);
        } catch (Refusal refusal) {
            return new Normalisation.Refused(id, refusal.reason, refusal.getMessage());
        }
    }

    private NormalisedReading normalise(String id, JsonNode reading, Device device, Instant now) {
        VitalType type = type(reading.get("type"));
        Double value = null;
        Double systolic = null;
        Double diastolic = null;
        Double flow = null;
        String unit = null;
        String consciousness = null;
        Boolean oxygen = null;
        List<Double> values = null;
        Double latitude = null;
        Double longitude = null;
        switch (type.kind()) {
            case QUANTITY -> {
                double given = number(reading, "value", type);
                value = canonical(type, given, unit(reading), "value");
                unit = type.unit();
            }
            case BLOOD_PRESSURE -> {
                JsonNode s = reading.get("systolic");
                JsonNode d = reading.get("diastolic");
                if (absent(s) || absent(d)) {
                    throw new Refusal(RejectionReason.MALFORMED,
                            type.code() + " needs both systolic and diastolic (and no value)");
                }
                String givenUnit = unit(reading);
                systolic = canonical(type, number(reading, "systolic", type), givenUnit, "systolic");
                diastolic = canonical(type, number(reading, "diastolic", type), givenUnit, "diastolic");
                if (systolic <= diastolic) {
                    throw new Refusal(RejectionReason.IMPLAUSIBLE, "systolic must be greater than diastolic");
                }
                unit = type.unit();
            }
            case ACVPU -> consciousness = acvpu(reading.get("value"), type);
            case OXYGEN -> {
                oxygen = oxygen(reading.get("value"), type);
                if (!absent(reading.get("flow"))) {
                    String givenUnit = unit(reading);
                    flow = canonical(type, number(reading, "flow", type),
                            givenUnit == null ? OXYGEN_FLOW_UNIT : givenUnit, "flow");
                    unit = type.unit();
                }
            }
            case SERIES -> {
                values = series(reading, type);
                unit = type.unit();
            }
            case EVENT -> {
                JsonNode location = reading.get("location");
                if (!absent(location)) {
                    if (!location.isObject()) {
                        throw new Refusal(RejectionReason.MALFORMED,
                                "location must be an object {\"lat\": .., \"lon\": ..}");
                    }
                    latitude = coordinate(location, "lat", MAX_LATITUDE);
                    longitude = coordinate(location, "lon", MAX_LONGITUDE);
                }
            }
        }
        Instant time = time(reading.get("time"), now);
        String patientId = device.patientAt(time);
        if (patientId == null) {
            throw new Refusal(RejectionReason.UNASSIGNED, device.closedToToken(time)
                    ? "the device's assignment at the reading's time ended before its token was issued"
                    : "the device was not assigned to any patient at the reading's time");
        }
        return new NormalisedReading(id, type, time, device.deviceId(), patientId, value, unit, systolic, diastolic,
                consciousness, oxygen, flow, values, latitude, longitude);
    }

    /** Each value converted and checked on its own; the first bad one refuses the reading, named by its index. */
    private static List<Double> series(JsonNode reading, VitalType type) {
        JsonNode node = reading.get("values");
        if (absent(node)) {
            throw new Refusal(RejectionReason.MALFORMED,
                    "missing values for " + type.code() + "; expected an array of numbers");
        }
        if (!node.isArray()) {
            throw new Refusal(RejectionReason.MALFORMED, "values must be an array of numbers");
        }
        if (node.isEmpty()) {
            throw new Refusal(RejectionReason.MALFORMED, "values must not be empty");
        }
        if (node.size() > VitalType.MAX_SERIES_VALUES) {
            throw new Refusal(RejectionReason.MALFORMED, "at most " + VitalType.MAX_SERIES_VALUES
                    + " values per " + type.code() + " reading; split the window");
        }
        String givenUnit = unit(reading);
        List<Double> canonical = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            String what = "values[" + i + "]";
            if (!element.isNumber()) {
                throw new Refusal(RejectionReason.MALFORMED, what + " must be a number");
            }
            canonical.add(canonical(type, element.numberValue().doubleValue(), givenUnit, what));
        }
        return List.copyOf(canonical);
    }

    private static double coordinate(JsonNode location, String field, double limit) {
        JsonNode node = location.get(field);
        if (absent(node)) {
            throw new Refusal(RejectionReason.MALFORMED, "location needs both lat and lon");
        }
        if (!node.isNumber()) {
            throw new Refusal(RejectionReason.MALFORMED, "location." + field + " must be a number");
        }
        double degrees = node.numberValue().doubleValue();
        if (!Double.isFinite(degrees) || degrees < -limit || degrees > limit) {
            throw new Refusal(RejectionReason.MALFORMED,
                    "location." + field + " must be between " + (int) -limit + " and " + (int) limit + " degrees");
        }
        return degrees;
    }

    private static String readingId(JsonNode reading) {
        JsonNode node = reading.get("id");
        if (absent(node)) {
            throw new Refusal(RejectionReason.BAD_ID, "missing id");
        }
        if (!node.isString()) {
            throw new Refusal(RejectionReason.BAD_ID, "id must be a string");
        }
        String id = node.stringValue();
        if (id.isBlank()) {
            throw new Refusal(RejectionReason.BAD_ID, "id must not be blank");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new Refusal(RejectionReason.BAD_ID, "id is longer than " + MAX_ID_LENGTH + " characters");
        }
        return id;
    }

    private static VitalType type(@Nullable JsonNode node) {
        if (absent(node)) {
            throw new Refusal(RejectionReason.UNKNOWN_TYPE, "missing type; known types: " + KNOWN_TYPES);
        }
        VitalType type = node.isString() ? TYPES_BY_CODE.get(node.stringValue()) : null;
        if (type == null) {
            throw new Refusal(RejectionReason.UNKNOWN_TYPE,
                    "unknown type " + quote(node) + "; known types: " + KNOWN_TYPES);
        }
        return type;
    }

    private static double number(JsonNode reading, String field, VitalType type) {
        JsonNode node = reading.get(field);
        if (absent(node)) {
            throw new Refusal(RejectionReason.MALFORMED, "missing " + field + " for " + type.code());
        }
        if (!node.isNumber()) {
            throw new Refusal(RejectionReason.MALFORMED, field + " must be a number");
        }
        // Through Number, so that an integer too large for a double becomes infinite (and refused) rather than throw.
        return node.numberValue().doubleValue();
    }

    private static @Nullable String unit(JsonNode reading) {
        JsonNode node = reading.get("unit");
        if (absent(node)) {
            return null;
        }
        if (!node.isString()) {
            throw new Refusal(RejectionReason.BAD_UNIT, "unit must be a string");
        }
        return node.stringValue();
    }

    private static double canonical(VitalType type, double value, @Nullable String unit, String what) {
        try {
            return type.toCanonical(value, unit, what);
        } catch (InvalidReadingException e) {
            throw new Refusal(classify(type, value, unit), e.getMessage());
        }
    }

    /** The catalogue says what is wrong in words; the code for metrics is worked out here, in the same order. */
    private static RejectionReason classify(VitalType type, double value, @Nullable String unit) {
        if (unit == null || unit.isBlank() || !accepts(type, unit)) {
            return RejectionReason.BAD_UNIT;
        }
        if (!Double.isFinite(value)) {
            return RejectionReason.MALFORMED;
        }
        return RejectionReason.IMPLAUSIBLE;
    }

    private static boolean accepts(VitalType type, String unit) {
        String given = unit.strip();
        for (String accepted : type.acceptedUnits()) {
            if (accepted.equalsIgnoreCase(given)) {
                return true;
            }
        }
        return false;
    }

    private static String acvpu(@Nullable JsonNode node, VitalType type) {
        if (absent(node)) {
            throw new Refusal(RejectionReason.MALFORMED,
                    "missing value for " + type.code() + "; expected one of " + ACVPU_LEVELS);
        }
        if (!node.isString() || Acvpu.fromCode(node.stringValue()).isEmpty()) {
            throw new Refusal(RejectionReason.MALFORMED,
                    type.code() + " value must be one of " + ACVPU_LEVELS + " (ACVPU)");
        }
        return node.stringValue();
    }

    private static boolean oxygen(@Nullable JsonNode node, VitalType type) {
        if (absent(node)) {
            throw new Refusal(RejectionReason.MALFORMED,
                    "missing value for " + type.code() + "; expected true or false");
        }
        if (!node.isBoolean()) {
            throw new Refusal(RejectionReason.MALFORMED, type.code() + " value must be true or false");
        }
        return node.booleanValue();
    }

    private Instant time(@Nullable JsonNode node, Instant now) {
        if (absent(node)) {
            throw new Refusal(RejectionReason.BAD_TIME, "missing time");
        }
        Instant time;
        try {
            time = node.isString() ? Instant.parse(node.stringValue()) : null;
        } catch (DateTimeParseException e) {
            time = null;
        }
        if (time == null) {
            throw new Refusal(RejectionReason.BAD_TIME,
                    "time must be an ISO-8601 date-time with an offset, such as 2026-11-21T10:00:00Z");
        }
        if (time.isAfter(now.plus(futureTolerance))) {
            throw new Refusal(RejectionReason.FUTURE_TIME,
                    "time is more than " + futureToleranceText + " ahead of the server's clock");
        }
        return time;
    }

    private static boolean absent(@Nullable JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static String quote(JsonNode node) {
        if (!node.isString()) {
            return "(a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT) + ")";
        }
        String text = node.stringValue();
        return "'" + (text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text) + "'";
    }

    private static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? (seconds / 60) + " minutes" : seconds + " seconds";
    }

    private static Map<String, VitalType> byCode() {
        Map<String, VitalType> map = new HashMap<>();
        for (VitalType type : VitalType.values()) {
            map.put(type.code(), type);
        }
        return Map.copyOf(map);
    }

    /** Control flow for a refused reading; cheap, as it carries no stack trace. */
    private static final class Refusal extends RuntimeException {

        private final RejectionReason reason;

        Refusal(RejectionReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
