package org.vigil.alert.news2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.alert.rule.Severity;
import org.vigil.common.vitals.Acvpu;

/** Every cut-off of RCP NEWS2 (2017) Chart 1 on both sides, and the risk bands of Chart 2. */
class News2ScorerTest {

    @ParameterizedTest(name = "RR {0} -> {1}")
    @CsvSource({"0,3", "8,3", "9,1", "11,1", "12,0", "20,0", "21,2", "24,2", "25,3", "60,3",
            "8.4,3", "8.5,1", "20.49,0", "20.5,2"})
    void respirationRate(double value, int score) {
        assertThat(News2Scorer.respirationRate(value)).isEqualTo(score);
    }

    @ParameterizedTest(name = "SpO2 scale 1 {0} -> {1}")
    @CsvSource({"50,3", "91,3", "92,2", "93,2", "94,1", "95,1", "96,0", "100,0", "91.4,3", "91.5,2", "95.5,0"})
    void spo2Scale1(double value, int score) {
        assertThat(News2Scorer.spo2Scale1(value)).isEqualTo(score);
    }

    @ParameterizedTest(name = "SpO2 scale 2 {0} oxygen {1} -> {2}")
    @CsvSource({"70,false,3", "83,false,3", "84,false,2", "85,false,2", "86,false,1", "87,false,1", "88,false,0",
            "92,false,0", "93,false,0", "97,false,0", "100,false,0",
            "83,true,3", "84,true,2", "86,true,1", "88,true,0", "92,true,0", "93,true,1", "94,true,1", "95,true,2",
            "96,true,2", "97,true,3", "100,true,3"})
    void spo2Scale2(double value, boolean onOxygen, int score) {
        assertThat(News2Scorer.spo2Scale2(value, onOxygen)).isEqualTo(score);
    }

    @Test
    void airOrOxygen() {
        assertThat(News2Scorer.airOrOxygen(false)).isZero();
        assertThat(News2Scorer.airOrOxygen(true)).isEqualTo(2);
    }

    @ParameterizedTest(name = "systolic {0} -> {1}")
    @CsvSource({"60,3", "90,3", "91,2", "100,2", "101,1", "110,1", "111,0", "219,0", "220,3", "250,3", "90.5,2"})
    void systolic(double value, int score) {
        assertThat(News2Scorer.systolic(value)).isEqualTo(score);
    }

    @ParameterizedTest(name = "pulse {0} -> {1}")
    @CsvSource({"30,3", "40,3", "41,1", "50,1", "51,0", "90,0", "91,1", "110,1", "111,2", "130,2", "131,3",
            "180,3", "40.4,3", "40.5,1"})
    void pulse(double value, int score) {
        assertThat(News2Scorer.pulse(value)).isEqualTo(score);
    }

    @Test
    void consciousness() {
        assertThat(News2Scorer.consciousness(Acvpu.A)).isZero();
        for (Acvpu level : new Acvpu[] {Acvpu.C, Acvpu.V, Acvpu.P, Acvpu.U}) {
            assertThat(News2Scorer.consciousness(level)).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "temperature {0} -> {1}")
    @CsvSource({"33,3", "35.0,3", "35.1,1", "36.0,1", "36.1,0", "38.0,0", "38.1,1", "39.0,1", "39.1,2", "41,2",
            "35.04,3", "35.05,1", "38.04,0", "38.05,1"})
    void temperature(double value, int score) {
        assertThat(News2Scorer.temperature(value)).isEqualTo(score);
    }

    @ParameterizedTest(name = "total {0}, single 3 {1} -> {2}")
    @CsvSource({"0,false,low", "4,false,low", "3,true,low-medium", "4,true,low-medium", "5,false,medium",
            "5,true,medium", "6,true,medium", "7,false,high", "20,true,high"})
    void riskBands(int total, boolean anyThree, String risk) {
        assertThat(News2Scorer.risk(total, anyThree).code()).isEqualTo(risk);
    }

    @Test
    void workedExampleScoresFiveMedium() {
        // RR 21, SpO2 93 % on air, systolic 120, pulse 95, alert, 37.5 °C.
        News2Scorer.Result result = News2Scorer.score(values(21, 93, false, 120, 95, Acvpu.A, 37.5), 1);

        assertThat(result.complete()).isTrue();
        assertThat(result.total()).isEqualTo(5);
        assertThat(result.risk()).isEqualTo(Severity.MEDIUM);
        assertThat(result.subScores()).containsExactlyInAnyOrderEntriesOf(Map.of(
                News2Parameter.RESPIRATION_RATE, 2, News2Parameter.SPO2, 2, News2Parameter.AIR_OR_OXYGEN, 0,
                News2Parameter.SYSTOLIC, 0, News2Parameter.PULSE, 1, News2Parameter.CONSCIOUSNESS, 0,
                News2Parameter.TEMPERATURE, 0));
    }

    @Test
    void singleThreeWithLowTotalIsLowMedium() {
        News2Scorer.Result result = News2Scorer.score(values(16, 97, false, 120, 70, Acvpu.V, 37), 1);

        assertThat(result.total()).isEqualTo(3);
        assertThat(result.risk()).isEqualTo(Severity.LOW_MEDIUM);
    }

    @Test
    void scale2ScoresHighSaturationOnOxygen() {
        News2Scorer.Result onScale2 = News2Scorer.score(values(16, 97, true, 120, 70, Acvpu.A, 37), 2);
        News2Scorer.Result onScale1 = News2Scorer.score(values(16, 97, true, 120, 70, Acvpu.A, 37), 1);

        assertThat(onScale2.subScores().get(News2Parameter.SPO2)).isEqualTo(3);
        assertThat(onScale2.total()).isEqualTo(5);
        assertThat(onScale1.subScores().get(News2Parameter.SPO2)).isZero();
        assertThat(onScale1.total()).isEqualTo(2);
    }

    @Test
    void missingParameterMakesAnIncompleteScoreWithoutTotalOrRisk() {
        Map<News2Parameter, Double> values = values(21, 93, false, 120, 95, Acvpu.A, 37.5);
        values.remove(News2Parameter.TEMPERATURE);
        values.remove(News2Parameter.CONSCIOUSNESS);

        News2Scorer.Result result = News2Scorer.score(values, 1);

        assertThat(result.complete()).isFalse();
        assertThat(result.total()).isNull();
        assertThat(result.risk()).isNull();
        assertThat(result.missing()).containsExactly(News2Parameter.CONSCIOUSNESS, News2Parameter.TEMPERATURE);
        assertThat(result.subScores()).containsEntry(News2Parameter.RESPIRATION_RATE, 2)
                .doesNotContainKey(News2Parameter.TEMPERATURE);
    }

    static Map<News2Parameter, Double> values(double rr, double spo2, boolean oxygen, double systolic, double pulse,
            Acvpu acvpu, double temperature) {
        Map<News2Parameter, Double> values = new EnumMap<>(News2Parameter.class);
        values.put(News2Parameter.RESPIRATION_RATE, rr);
        values.put(News2Parameter.SPO2, spo2);
        values.put(News2Parameter.AIR_OR_OXYGEN, oxygen ? 1.0 : 0.0);
        values.put(News2Parameter.SYSTOLIC, systolic);
        values.put(News2Parameter.PULSE, pulse);
        values.put(News2Parameter.CONSCIOUSNESS, (double) acvpu.ordinal());
        values.put(News2Parameter.TEMPERATURE, temperature);
        return values;
    }
}
