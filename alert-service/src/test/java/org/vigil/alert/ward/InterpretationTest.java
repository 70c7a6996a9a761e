package org.vigil.alert.ward;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alert.rule.Operator;
import org.vigil.alert.rule.Severity;
import org.vigil.alert.rule.ThresholdRule;

class InterpretationTest {

    private static final ThresholdRule HR_HIGH = rule("heart-rate-high", "heart-rate", null, Operator.GT, "130",
            "/min", Severity.HIGH);
    private static final ThresholdRule HR_LOW = rule("heart-rate-low", "heart-rate", null, Operator.LT, "40", "/min",
            Severity.HIGH);
    private static final ThresholdRule TEMP_HIGH = rule("temperature-high", "body-temperature", null, Operator.GE,
            "39.1", "Cel", Severity.MEDIUM);
    private static final ThresholdRule SYS_LOW = rule("systolic-low", "blood-pressure", "systolic", Operator.LT, "90",
            "mm[Hg]", Severity.HIGH);
    private static final ThresholdRule SYS_HIGH = rule("systolic-high", "blood-pressure", "systolic", Operator.GT,
            "180", "mm[Hg]", Severity.MEDIUM);
    private static final List<ThresholdRule> RULES = List.of(HR_HIGH, HR_LOW, TEMP_HIGH, SYS_LOW, SYS_HIGH);

    @Test
    void aHighSeverityRuleIsCriticalExactlyBeyondItsThreshold() {
        assertThat(of("heart-rate", 130.0, null)).isEqualTo(Interpretation.NORMAL);
        assertThat(of("heart-rate", 130.0001, null))
                .isEqualTo(new Interpretation("critical-high", "Critical high (above 130 /min)"));
        assertThat(of("heart-rate", 40.0, null)).isEqualTo(Interpretation.NORMAL);
        assertThat(of("heart-rate", 39.0, null))
                .isEqualTo(new Interpretation("critical-low", "Critical low (below 40 /min)"));
    }

    @Test
    void aLowerSeverityRuleIsHighOrLowAndAtOrAboveIncludesTheThreshold() {
        assertThat(of("body-temperature", 39.0, null)).isEqualTo(Interpretation.NORMAL);
        assertThat(of("body-temperature", 39.1, null))
                .isEqualTo(new Interpretation("high", "High (at or above 39.1 Cel)"));
    }

    @Test
    void bloodPressureIsJudgedOnItsSystolic() {
        assertThat(of("blood-pressure", null, 180.0)).isEqualTo(Interpretation.NORMAL);
        assertThat(of("blood-pressure", null, 181.0)).isEqualTo(new Interpretation("high", "High (above 180 mm[Hg])"));
        assertThat(of("blood-pressure", null, 89.0))
                .isEqualTo(new Interpretation("critical-low", "Critical low (below 90 mm[Hg])"));
    }

    @Test
    void aTypeNoRuleLooksAtHasNoInterpretation() {
        assertThat(Interpretation.of("body-weight", 80.0, null, RULES)).isEmpty();
        assertThat(Interpretation.of("heart-rate", 150.0, null, List.of(TEMP_HIGH))).isEmpty();
    }

    private static Interpretation of(String type, Double value, Double systolic) {
        return Interpretation.of(type, value, systolic, RULES).orElseThrow();
    }

    private static ThresholdRule rule(String id, String type, String component, Operator operator, String threshold,
            String unit, Severity severity) {
        return new ThresholdRule(id, type, component, operator, new BigDecimal(threshold), unit, severity, id);
    }
}
