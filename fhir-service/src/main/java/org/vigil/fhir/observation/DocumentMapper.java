package org.vigil.fhir.observation;

import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Observation;

/**
 * A stored Observation document as served: the Observation as it was posted, with {@code id} the document's id,
 * {@code meta.versionId} 1 (documents, like readings, are never changed) and {@code meta.lastUpdated} when
 * vitals-service received it, as {@link ObservationMapper#stored} serves a reading posted through FHIR. Nothing is
 * added or mapped: a vital signs panel (LOINC 85353-1) keeps its {@code hasMember} references and has no value, as the
 * R4 vital signs profile's "vitalspanel" example (http://hl7.org/fhir/R4/observation-vitalsigns.html) has it.
 */
final class DocumentMapper {

    private DocumentMapper() {
    }

    /** Parsed leniently: the document was validated when it was posted. */
    static Observation map(IParser parser, DocumentView document) {
        return ObservationMapper.stored(parser, document.resource(), document.id(), document.receivedAt());
    }
}
