package org.vigil.fhir.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.math.BigDecimal;
import java.time.Instant;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;
import org.vigil.common.vitals.VitalType;

class ObservationReadingsTest {

    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    static Observation observation(String loinc) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", loinc, null)));
        observation.setEffective(new DateTimeType("2026-11-21T10:00:00+01:00"));
        return observation;
    }

    static Quantity quantity(String value, String code) {
        return new Quantity().setValue(new BigDecimal(value)).setSystem("http://unitsofmeasure.org").setCode(code);
    }

    static String refusal(Observation observation) {
        try {
            ObservationReadings.read(observation, NOW);
        } catch (UnprocessableEntityException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void bloodPressureInKpaIsConvertedToMmHgAsForDevices() {
        Observation bp = observation("85354-9");
        bp.addComponent().setCode(new CodeableConcept(new Coding("http://loinc.org", "8480-6", null)))
                .setValue(quantity("16", "kPa"));
        bp.addComponent().setCode(new CodeableConcept(new Coding("http://loinc.org", "8462-4", null)))
                .setValue(quantity("10", "kPa"));

        PostedReading reading = ObservationReadings.read(bp, NOW);

        assertThat(reading.type()).isEqualTo(VitalType.BLOOD_PRESSURE);
        assertThat(reading.systolic()).isEqualTo(120.0);
        assertThat(reading.diastolic()).isEqualTo(75.0);
        assertThat(reading.time()).isEqualTo(Instant.parse("2026-11-21T09:00:00Z"));
    }

    @Test
    void aDateWithoutTimeIsTheStartOfThatDayInUtc() {
        Observation hr = observation("8867-4").setValue(quantity("60", "/min"));
        hr.setEffective(new DateTimeType("1999-07-02"));

        assertThat(ObservationReadings.read(hr, NOW).time()).isEqualTo(Instant.parse("1999-07-02T00:00:00Z"));
    }

    @Test
    void consciousnessAndOxygenAreReadAsObservationMapperWritesThem() {
        Observation acvpu = observation("67775-7").setValue(new CodeableConcept(
                new Coding(ObservationReadings.ACVPU_SYSTEM, "V", "Responds to voice")));
        assertThat(ObservationReadings.read(acvpu, NOW).consciousness()).isEqualTo("V");

        Observation oxygen = observation("3151-8").setValue(quantity("2", "L/min"));
        oxygen.addComponent().setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "57485005", null)))
                .setValue(new BooleanType(true));
        PostedReading reading = ObservationReadings.read(oxygen, NOW);
        assertThat(reading.supplementalOxygen()).isTrue();
        assertThat(reading.oxygenFlow()).isEqualTo(2.0);

        Observation roomAir = observation("3151-8").setValue(quantity("0", "L/min"));
        assertThat(ObservationReadings.read(roomAir, NOW).supplementalOxygen()).isFalse();
    }

    @Test
    void whatCannotBeRecordedFaithfullyIsRefusedNamingTheElement() {
        assertThat(refusal(observation("8867-4"))).contains("neither a value nor a dataAbsentReason");
        assertThat(refusal(observation("8867-4").setValue(quantity("60", "/min").setComparator(
                Quantity.QuantityComparator.GREATER_THAN)))).contains("comparator");
        assertThat(refusal(observation("8867-4").setValue(quantity("60", "/min").setSystem("urn:other"))))
                .contains("UCUM");
        assertThat(refusal(observation("8867-4").setValue(quantity("60", "/min")).setEffective(null)))
                .contains("effectiveDateTime");
        assertThat(refusal(observation("8637-1"))).contains("devices only");
        Observation both = observation("8867-4").setValue(quantity("60", "/min"));
        both.setDataAbsentReason(new CodeableConcept(new Coding(ObservationReadings.DATA_ABSENT_REASON, "error", null)));
        assertThat(refusal(both)).contains("obs-6");
        Observation bp = observation("85354-9");
        bp.addComponent().setCode(new CodeableConcept(new Coding("http://loinc.org", "8480-6", null)))
                .setValue(quantity("80", "mm[Hg]"));
        bp.addComponent().setCode(new CodeableConcept(new Coding("http://loinc.org", "8462-4", null)))
                .setValue(quantity("90", "mm[Hg]"));
        assertThat(refusal(bp)).contains("systolic must be greater than diastolic");
        Observation two = observation("8867-4").setValue(quantity("60", "/min"));
        two.getCode().addCoding(new Coding("http://loinc.org", "9279-1", null));
        assertThat(refusal(two)).contains("more than one vital sign");
    }

    @Test
    void aStatusAndAnAbsentValueAreKeptSoTheReadingIsNotAlertable() {
        Observation cancelled = observation("8310-5").setStatus(Observation.ObservationStatus.ENTEREDINERROR);
        cancelled.setDataAbsentReason(new CodeableConcept(
                new Coding(ObservationReadings.DATA_ABSENT_REASON, "error", null)));

        PostedReading reading = ObservationReadings.read(cancelled, NOW);

        assertThat(reading.status()).isEqualTo("entered-in-error");
        assertThat(reading.dataAbsentReason()).isEqualTo("error");
        assertThat(reading.value()).isNull();
        assertThatThrownBy(() -> ObservationReadings.read(observation("8310-5")
                .setStatus(Observation.ObservationStatus.NULL), NOW)).isInstanceOf(UnprocessableEntityException.class);
    }
}
