package org.vigil.alert.threshold;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.vigil.alert.rule.Operator;
import org.vigil.alert.rule.Severity;
import org.vigil.alert.PatientIds;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import tools.jackson.databind.JsonNode;

/**
 * A patient's thresholds: {@code GET} every rule as it applies to the patient, {@code PUT} a list of overrides that
 * replaces the patient's previous ones (a rule left out goes back to its defaults; a field left out of an entry takes
 * the rule's default). Applies from the next reading: nothing is cached. Both need the caller's right to the patient's
 * ALERT_SETTINGS ({@link PatientAccess}): READ, UPDATE.
 */
@RestController
class ThresholdController {

    static final int MAX_DURATION_SECONDS = 86_400;

    private final PatientThresholds thresholds;
    private final PatientAccess access;
    private final Clock clock;

    ThresholdController(PatientThresholds thresholds, PatientAccess access, Clock clock) {
        this.thresholds = thresholds;
        this.access = access;
        this.clock = clock;
    }

    record Threshold(String rule, String type, @Nullable String component, String kind, String operator,
            BigDecimal threshold, String unit, String severity, boolean enabled, int consecutive, String minDuration,
            BigDecimal clearMargin, int clearReadings, String description, boolean overridden) {

        static Threshold of(ThresholdSettings s) {
            return new Threshold(s.ruleId(), s.vitalType(), s.component(), s.kind(), s.operator().code(),
                    s.threshold(), s.unit(), s.severity().code(), s.enabled(), s.consecutive(),
                    s.minDuration().toString(), s.clearMargin(), s.clearReadings(), s.description(), s.overridden());
        }
    }

    @GetMapping("/api/v1/patients/{id}/thresholds")
    List<Threshold> get(@PathVariable String id) {
        PatientIds.checked("id", id);
        access.check(DataKind.ALERT_SETTINGS, Interaction.READ, id);
        return view(id);
    }

    private List<Threshold> view(String id) {
        return thresholds.all(id).stream().map(Threshold::of).toList();
    }

    @PutMapping("/api/v1/patients/{id}/thresholds")
    @Transactional
    List<Threshold> put(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        PatientIds.checked("id", id);
        access.check(DataKind.ALERT_SETTINGS, Interaction.UPDATE, id);
        if (body == null || !body.isArray()) {
            throw bad("the body must be a JSON list of rules, e.g. [{\"rule\": \"spo2-low\", \"threshold\": 88}]");
        }
        Map<String, ThresholdSettings> defaults = thresholds.defaults().stream()
                .collect(Collectors.toMap(ThresholdSettings::ruleId, Function.identity()));
        List<ThresholdSettings> overrides = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < body.size(); i++) {
            JsonNode entry = body.get(i);
            String at = "[" + i + "]";
            if (!entry.isObject()) {
                throw bad(at + " must be an object");
            }
            JsonNode ruleNode = entry.get("rule");
            if (ruleNode == null || !ruleNode.isString()) {
                throw bad(at + ".rule is required: the id of a rule, e.g. spo2-low");
            }
            String ruleId = ruleNode.asString();
            ThresholdSettings d = defaults.get(ruleId);
            if (d == null) {
                throw bad(at + ".rule names no rule: one of " + String.join(", ", defaults.keySet().stream()
                        .sorted().toList()));
            }
            if (!seen.add(ruleId)) {
                throw bad(at + ".rule " + ruleId + " is listed twice");
            }
            Operator operator = text(entry, at, "operator")
                    .map(code -> Operator.parse(code).orElseThrow(() -> bad(at + ".operator must be one of gt, ge, lt, le")))
                    .orElse(d.operator());
            BigDecimal threshold = number(entry, at, "threshold").orElse(d.threshold());
            Severity severity = text(entry, at, "severity")
                    .map(code -> Severity.parse(code).orElseThrow(
                            () -> bad(at + ".severity must be one of low, low-medium, medium, high")))
                    .orElse(d.severity());
            boolean enabled = d.enabled();
            JsonNode enabledNode = entry.get("enabled");
            if (enabledNode != null && !enabledNode.isNull()) {
                if (!enabledNode.isBoolean()) {
                    throw bad(at + ".enabled must be true or false");
                }
                enabled = enabledNode.asBoolean();
            }
            int consecutive = whole(entry, at, "consecutive", 1, 100).orElse(d.consecutive());
            Duration minDuration = text(entry, at, "minDuration").map(text -> duration(at, text))
                    .orElse(d.minDuration());
            BigDecimal clearMargin = number(entry, at, "clearMargin").orElse(d.clearMargin());
            if (clearMargin.signum() < 0) {
                throw bad(at + ".clearMargin must not be negative");
            }
            int clearReadings = whole(entry, at, "clearReadings", 1, 100).orElse(d.clearReadings());
            overrides.add(new ThresholdSettings(ruleId, d.vitalType(), d.component(), d.kind(), operator, threshold,
                    d.unit(), severity, enabled, consecutive, minDuration, clearMargin, clearReadings,
                    d.description(), true));
        }
        thresholds.replaceOverrides(id, overrides, clock.instant());
        return view(id);
    }

    private static java.util.Optional<String> text(JsonNode entry, String at, String field) {
        JsonNode node = entry.get(field);
        if (node == null || node.isNull()) {
            return java.util.Optional.empty();
        }
        if (!node.isString()) {
            throw bad(at + "." + field + " must be a string");
        }
        return java.util.Optional.of(node.asString());
    }

    private static java.util.Optional<BigDecimal> number(JsonNode entry, String at, String field) {
        JsonNode node = entry.get(field);
        if (node == null || node.isNull()) {
            return java.util.Optional.empty();
        }
        // 1e400 is read as an infinite double, which has no decimal value.
        if (!node.isNumber() || (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()))) {
            throw bad(at + "." + field + " must be a finite number");
        }
        return java.util.Optional.of(node.decimalValue());
    }

    private static java.util.Optional<Integer> whole(JsonNode entry, String at, String field, int min, int max) {
        JsonNode node = entry.get(field);
        if (node == null || node.isNull()) {
            return java.util.Optional.empty();
        }
        if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
            throw bad(at + "." + field + " must be a whole number from " + min + " to " + max);
        }
        return java.util.Optional.of(node.asInt());
    }

    private static Duration duration(String at, String text) {
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative() || duration.toSeconds() > MAX_DURATION_SECONDS) {
                throw bad(at + ".minDuration must be between PT0S and P1D");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw bad(at + ".minDuration must be an ISO-8601 duration, e.g. PT10M");
        }
    }

    private static ResponseStatusException bad(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
