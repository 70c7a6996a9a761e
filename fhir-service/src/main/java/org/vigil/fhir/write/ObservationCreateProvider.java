package org.vigil.fhir.write;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.MethodOutcome;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.vigil.fhir.PlainProvider;

/**
 * {@code POST /fhir/Observation}: a vital-sign Observation from another system enters the same pipeline as a device
 * reading (see {@link ObservationWriter}). 201 with {@code Location: Observation/{id}/_history/1} when recorded; 200
 * with the stored Observation's id for a duplicate (the same identifier from the same client and device, or an
 * If-None-Exist that matches); 422 naming what cannot be recorded.
 *
 * <p>A plain provider beside the Observation resource provider: HAPI binds both to the type. Public because HAPI calls
 * the annotated method reflectively.
 */
@Component
public class ObservationCreateProvider implements PlainProvider {

    private final ObservationWriter writer;

    ObservationCreateProvider(ObservationWriter writer) {
        this.writer = writer;
    }

    @Create(type = Observation.class)
    public MethodOutcome create(@ResourceParam Observation observation,
            @ConditionalUrlParam @Nullable String ifNoneExist) {
        ObservationWriter.Written written = writer.create(observation, ifNoneExist);
        MethodOutcome outcome = new MethodOutcome(new IdType("Observation", written.id(), "1"), written.created());
        if (written.stored() != null) {
            outcome.setResource(written.stored());
        }
        return outcome;
    }
}
