package org.vigil.fhir.observation;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.vigil.common.vitals.VitalType;
import org.vigil.fhir.VitalsApi;

/**
 * {@code GET /fhir/Observation/{id}} and {@code GET /fhir/Observation?subject=|patient=&code=&date=&_count=}: readings
 * from vitals-service, newest first, mapped by {@link ObservationMapper}. A search must name the patient: there are no
 * unbounded scans.
 *
 * <p>Public because HAPI calls the annotated methods reflectively.
 */
@Component
public class ObservationResourceProvider implements IResourceProvider {

    static final int DEFAULT_COUNT = 100;
    static final int MAX_COUNT = 1000;

    private static final Logger log = LoggerFactory.getLogger(ObservationResourceProvider.class);

    private final VitalsApi vitals;

    ObservationResourceProvider(VitalsApi vitals) {
        this.vitals = vitals;
    }

    @Override
    public Class<Observation> getResourceType() {
        return Observation.class;
    }

    @Read
    public Observation read(@IdParam IdType id) {
        ReadingView reading = vitals
                .find(uri -> uri.path("/internal/v1/readings/{id}").build(id.getIdPart()), ReadingView.class)
                .orElseThrow(() -> new ResourceNotFoundException(new IdType("Observation", id.getIdPart())));
        VitalType type = VitalType.fromCode(reading.type()).orElseThrow(
                () -> new InternalErrorException("Observation/" + id.getIdPart() + " has a reading type this"
                        + " service does not know"));
        try {
            return ObservationMapper.toObservation(reading, type);
        } catch (ObservationMapper.UnmappableReadingException e) {
            throw new InternalErrorException("Observation/" + id.getIdPart() + " cannot be mapped: " + e.getMessage());
        }
    }

    @Search
    public List<Observation> search(
            @OptionalParam(name = Observation.SP_SUBJECT) @Nullable ReferenceParam subject,
            @OptionalParam(name = Observation.SP_PATIENT) @Nullable ReferenceParam patient,
            @OptionalParam(name = Observation.SP_CODE) @Nullable TokenOrListParam code,
            @OptionalParam(name = Observation.SP_DATE) @Nullable DateRangeParam date,
            @Count @Nullable Integer count) {
        String patientId = SearchCriteria.patientId(subject, patient);
        Set<VitalType> types = code == null ? EnumSet.allOf(VitalType.class) : SearchCriteria.types(code);
        if (types.isEmpty()) {
            return List.of();
        }
        int limit = count == null ? DEFAULT_COUNT : Math.max(0, Math.min(count, MAX_COUNT));
        if (limit == 0) {
            return List.of();
        }
        @Nullable Instant from = date == null ? null : instant(date.getLowerBoundAsInstant());
        @Nullable Instant to = date == null ? null : instant(date.getUpperBoundAsInstant());

        List<ReadingView> readings = new ArrayList<>();
        if (code == null) {
            readings.addAll(fetch(patientId, null, from, to, limit));
        } else {
            // The internal API filters by one type; a code list is one call per type, merged below.
            for (VitalType type : types) {
                readings.addAll(fetch(patientId, type, from, to, limit));
            }
        }
        List<Observation> observations = new ArrayList<>();
        readings.stream()
                .filter(r -> (from == null || !r.time().isBefore(from)) && (to == null || !r.time().isAfter(to)))
                .sorted(Comparator.comparing(ReadingView::time).reversed())
                .limit(limit)
                .forEach(r -> {
                    VitalType type = VitalType.fromCode(r.type()).orElse(null);
                    if (type == null || !types.contains(type)) {
                        log.warn("Skipped reading {}: type not mapped to FHIR", r.id());
                        return;
                    }
                    try {
                        observations.add(ObservationMapper.toObservation(r, type));
                    } catch (ObservationMapper.UnmappableReadingException e) {
                        log.warn("Skipped reading {}: {}", r.id(), e.getMessage());
                    }
                });
        return observations;
    }

    private List<ReadingView> fetch(String patientId, @Nullable VitalType type, @Nullable Instant from,
            @Nullable Instant to, int limit) {
        return vitals.get(uri -> {
            uri.path("/internal/v1/readings").queryParam("patientId", patientId);
            if (type != null) {
                uri.queryParam("type", type.code());
            }
            if (from != null) {
                uri.queryParam("from", from.toString());
            }
            if (to != null) {
                uri.queryParam("to", to.toString());
            }
            return uri.queryParam("limit", limit).queryParam("order", "desc").build();
        }, ReadingViews.class).readings();
    }

    private static @Nullable Instant instant(@Nullable Date date) {
        return date == null ? null : date.toInstant();
    }

    /** Turns FHIR search parameters into vitals-service's query, or a 400 naming what is wrong. */
    static final class SearchCriteria {

        private SearchCriteria() {
        }

        static String patientId(@Nullable ReferenceParam subject, @Nullable ReferenceParam patient) {
            @Nullable String bySubject = subject == null ? null : patientId(Observation.SP_SUBJECT, subject);
            @Nullable String byPatient = patient == null ? null : patientId(Observation.SP_PATIENT, patient);
            if (bySubject == null && byPatient == null) {
                throw new InvalidRequestException("Observation search needs subject=Patient/{id} or patient={id};"
                        + " searches across all patients are not allowed");
            }
            if (bySubject != null && byPatient != null && !bySubject.equals(byPatient)) {
                throw new InvalidRequestException("subject and patient name different patients");
            }
            return bySubject != null ? bySubject : byPatient;
        }

        private static String patientId(String name, ReferenceParam reference) {
            if (reference.getChain() != null && !reference.getChain().isEmpty()) {
                throw new InvalidRequestException("chained " + name + " searches are not supported");
            }
            if (reference.getResourceType() != null && !"Patient".equals(reference.getResourceType())) {
                throw new InvalidRequestException(name + " must reference a Patient");
            }
            String id = reference.getIdPart();
            if (id == null || id.isBlank()) {
                throw new InvalidRequestException(name + " needs a Patient id");
            }
            return id;
        }

        /** The reading types the code tokens (ORed) select; only LOINC codes map to types. */
        static Set<VitalType> types(TokenOrListParam code) {
            Set<VitalType> types = EnumSet.noneOf(VitalType.class);
            for (TokenParam token : code.getValuesAsQueryTokens()) {
                @Nullable String system = token.getSystem();
                if (system != null && !system.equals(ObservationMapper.LOINC)) {
                    continue; // includes "|code": an explicitly absent system matches none of our codings
                }
                String value = token.getValue();
                if (ObservationMapper.SPO2_OXYGENSAT_LOINC.equals(value)) {
                    types.add(VitalType.SPO2);
                }
                VitalType.fromLoinc(value).ifPresent(types::add);
            }
            return types;
        }
    }
}
