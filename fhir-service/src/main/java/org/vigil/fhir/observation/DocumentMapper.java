package org.vigil.fhir.observation;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import java.util.Date;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;

/**
 * A stored Observation document as served: the Observation as it was posted, with {@code id} the document's id,
 * {@code meta.versionId} 1 (documents, like readings, are never changed) and {@code meta.lastUpdated} when
 * vitals-service received it, as {@link ObservationMapper#stored} serves a reading posted through FHIR. Nothing is
 * added or mapped: a vital signs panel (LOINC 85353-1) keeps its {@code hasMember} references and has no value, as the
 * R4 vital signs profile's "vitalspanel" example (http://hl7.org/fhir/R4/observation-vitalsigns.html) has it.
 */
final class DocumentMapper {

    /** LOINC 85353-1 "Vital signs, weight, height, head circumference, oxygen saturation and BMI panel". */
    static final String VITAL_SIGNS_PANEL = "85353-1";

    private DocumentMapper() {
    }

    /** Parsed leniently: the document was validated when it was posted. */
    static Observation map(IParser parser, DocumentView document) {
        if (document.resource() == null || !document.resource().isObject()) {
            throw new ObservationMapper.UnmappableReadingException("document has no stored resource");
        }
        Observation observation;
        try {
            observation = parser.parseResource(Observation.class, document.resource().toString());
        } catch (DataFormatException e) {
            throw new ObservationMapper.UnmappableReadingException("its stored Observation cannot be parsed");
        }
        observation.setId(new IdType("Observation", document.id()));
        observation.getMeta().setVersionId("1").setLastUpdated(Date.from(document.receivedAt()));
        return observation;
    }
}
