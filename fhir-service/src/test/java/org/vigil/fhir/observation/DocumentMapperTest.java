package org.vigil.fhir.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.vigil.common.vitals.VitalType;
import org.vigil.fhir.OfflineValidator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stored Observation document is served as it was posted, with Vigil's id and meta: the HL7 R4 example vital signs
 * panel (Observation-vitals-panel, LOINC 85353-1, FHIR R4 vital signs profile "vitalspanel",
 * http://hl7.org/fhir/R4/observation-vitalsigns.html) comes back equivalent and still valid.
 */
class DocumentMapperTest {

    private static final FhirContext FHIR = FhirContext.forR4();
    static final String ID = "0b7f3c2e-0000-4000-8000-00000000d001";

    /** The HL7 example as published (src/test/resources/hl7-examples/README.md). */
    static String hl7Panel() {
        try (InputStream in = DocumentMapperTest.class.getResourceAsStream(
                "/hl7-examples/Observation-vitals-panel.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DocumentView stored(String resource) {
        return new DocumentView(ID, Readings.PATIENT, "fhir:ehr", "urn:x|panel-1", VitalType.VITAL_SIGNS_PANEL_LOINC,
                Readings.TIME, Readings.RECEIVED, "final",
                resource == null ? null : JsonMapper.builder().build().readTree(resource));
    }

    @Test
    void theHl7VitalsPanelIsServedAsPostedWithVigilsIdAndMetaAndPassesTheValidator() {
        Observation served = DocumentMapper.map(lenient(), stored(hl7Panel()));

        Observation expected = FHIR.newJsonParser().parseResource(Observation.class, hl7Panel());
        expected.setId(new IdType("Observation", ID));
        expected.getMeta().setVersionId("1").setLastUpdated(Date.from(Readings.RECEIVED));
        assertThat(served.equalsDeep(expected)).as(() -> OfflineValidator.json(served)).isTrue();
        assertThat(served.getIdElement().getIdPart()).isEqualTo(ID);
        assertThat(served.getMeta().getVersionId()).isEqualTo("1");
        assertThat(served.getMeta().getLastUpdated().toInstant()).isEqualTo(Readings.RECEIVED);
        assertThat(served.getMeta().getProfile()).extracting(p -> p.getValue())
                .containsExactly("http://hl7.org/fhir/StructureDefinition/vitalsigns");
        assertThat(served.hasValue()).as("a panel has no value of its own").isFalse();
        assertThat(served.getHasMember()).extracting(r -> r.getReference()).containsExactly(
                "Observation/respiratory-rate", "Observation/heart-rate", "Observation/blood-pressure",
                "Observation/body-temperature");
        assertThat(OfflineValidator.errors(served)).as(() -> OfflineValidator.json(served)).isEmpty();
    }

    @Test
    void aDocumentWithoutItsResourceCannotBeMapped() {
        assertThatThrownBy(() -> DocumentMapper.map(lenient(), stored(null)))
                .isInstanceOf(ObservationMapper.UnmappableReadingException.class);
    }

    private static ca.uhn.fhir.parser.IParser lenient() {
        return FHIR.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
    }
}
