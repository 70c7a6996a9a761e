package org.vigil.fhir.observation;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;

/**
 * A NEWS2 score as an R4 Observation (docs/adr/0005-news2-as-observation.md): code SNOMED CT 1104051000000101, the
 * code the NHS uses for the NEWS2 total; {@code valueInteger} the total; category {@code survey} (an assessment
 * score); {@code effectiveDateTime} when it was computed; {@code derivedFrom} the reading Observations it scored.
 *
 * <p>Components, all coded in {@value #NEWS2_SYSTEM}: one per parameter, in the order of the RCP chart, with
 * {@code valueInteger} the sub-score, or no value and {@code dataAbsentReason} {@code not-performed} when the parameter
 * had no reading within the freshness window; then {@code scale} (the SpO2 scale, 1 or 2), {@code risk} (the clinical
 * risk band as a code of {@value #RISK_SYSTEM}) and {@code complete} (false when a parameter was missing, the total
 * then being a lower bound). SNOMED CT has no codes for the sub-scores that this service could name with confidence,
 * hence Vigil's own system; its displays say what each is.
 */
final class News2ObservationMapper {

    static final String SNOMED = ObservationMapper.SNOMED;
    static final String NEWS2_TOTAL = "1104051000000101";
    static final String NEWS2_DISPLAY = "Royal College of Physicians NEWS2 (National Early Warning Score 2) total score";
    static final String NEWS2_SYSTEM = "urn:vigil:CodeSystem:news2";
    static final String RISK_SYSTEM = "urn:vigil:CodeSystem:news2-risk";
    static final String DATA_ABSENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    /** The seven parameters, by their name in alert-service's {@code subScores}, with their component display. */
    static final Map<String, String> PARAMETERS = orderedParameters();

    private News2ObservationMapper() {
    }

    static Observation toObservation(News2Score score) {
        Observation observation = new Observation();
        observation.setId(new IdType("Observation", score.id()));
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(ObservationMapper.CATEGORY_SYSTEM, "survey", "Survey"))
                .setText("Survey"));
        observation.setCode(new CodeableConcept(new Coding(SNOMED, NEWS2_TOTAL, NEWS2_DISPLAY))
                .setText("NEWS2 total score"));
        observation.setSubject(new Reference("Patient/" + score.patientId()));
        observation.setEffective(new DateTimeType(Date.from(score.computedAt()), TemporalPrecisionEnum.MILLI,
                TimeZone.getTimeZone("UTC")));
        observation.setIssued(Date.from(score.computedAt()));
        if (score.total() != null) {
            observation.setValue(new IntegerType(score.total()));
        } else {
            observation.setDataAbsentReason(new CodeableConcept(
                    new Coding(DATA_ABSENT_SYSTEM, "unknown", "Unknown"))
                    .setText("Incomplete NEWS2: not every parameter has a recent reading"));
        }

        Map<String, @Nullable Integer> subScores = score.subScores() == null ? Map.of() : score.subScores();
        PARAMETERS.forEach((parameter, display) -> {
            ObservationComponentComponent component = component(parameter, display);
            Integer subScore = subScores.get(parameter);
            if (subScore == null) {
                component.setDataAbsentReason(new CodeableConcept(
                        new Coding(DATA_ABSENT_SYSTEM, "not-performed", "Not Performed"))
                        .setText("No reading within the freshness window"));
            } else {
                component.setValue(new IntegerType(subScore));
            }
            observation.addComponent(component);
        });
        if (score.scale() != null) {
            observation.addComponent(component("scale", "NEWS2 SpO2 scale used")
                    .setValue(new IntegerType(score.scale())));
        }
        if (score.risk() != null) {
            observation.addComponent(component("risk", "NEWS2 clinical risk").setValue(risk(score.risk())));
        }
        observation.addComponent(component("complete", "NEWS2 score has every parameter")
                .setValue(new BooleanType(score.complete())));
        List<String> missing = score.missing() == null ? List.of() : score.missing();
        if (!score.complete() && !missing.isEmpty()) {
            observation.addNote().setText("Incomplete: no recent " + String.join(", ", missing)
                    + "; no total is given, because a missing parameter must not be read as if it were normal.");
        }
        for (String readingId : score.basedOn() == null ? List.<String>of() : score.basedOn()) {
            observation.addDerivedFrom(new Reference("Observation/" + readingId));
        }
        return observation;
    }

    private static CodeableConcept risk(String risk) {
        String display = switch (risk) {
            case "low" -> "Low";
            case "low-medium" -> "Low-medium (a score of 3 in a single parameter)";
            case "medium" -> "Medium";
            case "high" -> "High";
            default -> risk;
        };
        return new CodeableConcept(new Coding(RISK_SYSTEM, risk, display)).setText(display + " clinical risk");
    }

    private static ObservationComponentComponent component(String code, String display) {
        return new ObservationComponentComponent(new CodeableConcept(new Coding(NEWS2_SYSTEM, code, display))
                .setText(display));
    }

    private static Map<String, String> orderedParameters() {
        var parameters = new java.util.LinkedHashMap<String, String>();
        parameters.put("respirationRate", "NEWS2 respiration rate score");
        parameters.put("spo2", "NEWS2 SpO2 score");
        parameters.put("airOrOxygen", "NEWS2 air or oxygen score");
        parameters.put("systolic", "NEWS2 systolic blood pressure score");
        parameters.put("pulse", "NEWS2 pulse score");
        parameters.put("consciousness", "NEWS2 consciousness score");
        parameters.put("temperature", "NEWS2 temperature score");
        return java.util.Collections.unmodifiableMap(parameters);
    }
}
