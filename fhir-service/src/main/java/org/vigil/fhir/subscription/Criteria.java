package org.vigil.fhir.subscription;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.vigil.common.vitals.VitalType;
import org.vigil.service.security.DataKind;

/**
 * A Subscription's criteria, parsed: {@code Observation?patient=X}, {@code Observation?subject=Patient/X},
 * {@code Observation?code=[system|]code[,...]}, both together, or {@code Flag?patient=X} ({@code subject} too).
 * Codes must be ones Vigil records (LOINC of a {@link VitalType}, SNOMED CT 1912002 for falls, or LOINC 85353-1 for
 * vital signs panels).
 *
 * @param resourceType {@code Observation} or {@code Flag}
 * @param patientId the patient named, or null for every patient (a code-only Observation criteria)
 * @param types {@link VitalType} codes (and {@link #PANEL}), or null for any
 */
record Criteria(String resourceType, @Nullable String patientId, @Nullable List<String> types) {

    static final String OBSERVATION = "Observation";
    static final String FLAG = "Flag";
    private static final String SPO2_OXYGENSAT = "2708-6";
    /** How a panel is named among the reading types a Subscription matches. */
    static final String PANEL = "vital-signs-panel";

    /** The data kind (and so SMART type) a subscriber must be allowed to search. */
    DataKind kind() {
        return FLAG.equals(resourceType) ? DataKind.ALERT : DataKind.OBSERVATION;
    }

    /** @throws InvalidCriteriaException with a diagnostic naming what is wrong */
    static Criteria parse(@Nullable String criteria) {
        if (criteria == null || criteria.isBlank()) {
            throw new InvalidCriteriaException("criteria is required, e.g. Observation?patient=123");
        }
        int question = criteria.indexOf('?');
        String type = question < 0 ? criteria : criteria.substring(0, question);
        if (!OBSERVATION.equals(type) && !FLAG.equals(type)) {
            throw new InvalidCriteriaException("criteria must be on Observation or Flag, e.g. Observation?patient=123"
                    + " or Flag?patient=123");
        }
        String patient = null;
        Set<String> types = null;
        String query = question < 0 ? "" : criteria.substring(question + 1);
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            switch (name) {
                case "patient", "subject" -> {
                    if (patient != null) {
                        throw new InvalidCriteriaException("criteria may name one patient only");
                    }
                    patient = patientId(name, value);
                }
                case "code" -> {
                    if (!OBSERVATION.equals(type)) {
                        throw new InvalidCriteriaException("code is supported in Observation criteria only");
                    }
                    if (types != null) {
                        throw new InvalidCriteriaException("give code once (a comma list for several)");
                    }
                    types = new LinkedHashSet<>();
                    for (String token : value.split(",")) {
                        types.add(isPanel(token) ? PANEL : vitalType(token).code());
                    }
                }
                default -> throw new InvalidCriteriaException("criteria parameter " + plain(name)
                        + " is not supported: use patient (or subject)" + (OBSERVATION.equals(type) ? " and code" : ""));
            }
        }
        if (patient == null && (types == null || FLAG.equals(type))) {
            throw new InvalidCriteriaException("criteria must name a patient"
                    + (OBSERVATION.equals(type) ? " or a code" : "") + ", e.g. " + type + "?patient=123");
        }
        return new Criteria(type, patient, types == null ? null : List.copyOf(types));
    }

    private static String patientId(String name, String value) {
        String id = value.startsWith("Patient/") ? value.substring("Patient/".length()) : value;
        if (id.isBlank() || id.contains("/") || id.length() > 64 || !id.matches("[A-Za-z0-9\\-.]+")) {
            throw new InvalidCriteriaException(name + " must be a Patient id or Patient/{id}");
        }
        return id;
    }

    private static boolean isPanel(String token) {
        int bar = token.indexOf('|');
        String system = bar < 0 ? null : token.substring(0, bar);
        String code = bar < 0 ? token : token.substring(bar + 1);
        return VitalType.VITAL_SIGNS_PANEL_LOINC.equals(code) && (system == null || system.isEmpty()
                || VitalType.LOINC_SYSTEM.equals(system));
    }

    private static VitalType vitalType(String token) {
        int bar = token.indexOf('|');
        String system = bar < 0 ? null : token.substring(0, bar);
        String code = bar < 0 ? token : token.substring(bar + 1);
        Optional<VitalType> type = Optional.empty();
        if (system == null || system.isEmpty() || VitalType.LOINC_SYSTEM.equals(system)) {
            type = SPO2_OXYGENSAT.equals(code) ? Optional.of(VitalType.SPO2) : VitalType.fromLoinc(code);
        }
        if (type.isEmpty() && (system == null || system.isEmpty() || VitalType.SNOMED_SYSTEM.equals(system))
                && VitalType.FALL.loinc().equals(code)) {
            type = Optional.of(VitalType.FALL);
        }
        return type.orElseThrow(() -> new InvalidCriteriaException("code " + plain(token)
                + " is not a code Vigil records (LOINC codes of vital signs, SNOMED CT 1912002 for falls, LOINC 85353-1"
                + " for vital signs panels)"));
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidCriteriaException("criteria is not correctly URL-encoded");
        }
    }

    private static String plain(String value) {
        String plain = value.replaceAll("[^A-Za-z0-9|:/.\\-_]", "?");
        return plain.length() > 80 ? plain.substring(0, 80) + "..." : plain;
    }

    /** A criteria the service cannot serve; a 422 OperationOutcome with this message as the diagnostic. */
    static class InvalidCriteriaException extends RuntimeException {

        InvalidCriteriaException(String message) {
            super(message, null, false, false);
        }
    }
}
