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
import org.vigil.fhir.AlertApi;
import org.vigil.fhir.CountLimit;
import org.vigil.fhir.FhirAccess;
import org.vigil.fhir.VitalsApi;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;

/**
 * {@code GET /fhir/Observation/{id}} and {@code GET /fhir/Observation?subject=|patient=&code=&date=&_count=}: readings
 * from vitals-service mapped by {@link ObservationMapper}, and NEWS2 scores from alert-service mapped by
 * {@link News2ObservationMapper}, newest first. A search must name the patient: there are no unbounded scans.
 *
 * <p>Access (service-support's rules, SMART type Observation for readings and NEWS2 scores alike): a read needs
 * OBSERVATION READ on the Observation's patient, a search OBSERVATION SEARCH on the named patient; a search naming
 * no patient is refused (403) unless the caller may search every patient's Observations, and is then a 400 because
 * vitals-service only answers per patient. Included Devices: {@code _include} is not supported, so a page holds
 * Observations only (the {@code device} reference is never resolved into the Bundle).
 *
 * <p>Public because HAPI calls the annotated methods reflectively.
 */
@Component
public class ObservationResourceProvider implements IResourceProvider {

    private static final Logger log = LoggerFactory.getLogger(ObservationResourceProvider.class);

    static final String NAME_A_PATIENT = "Name the patient: Observation searches need subject=Patient/{id} or"
            + " patient={id}; only clients with a system/Observation scope may search without one.";

    private final VitalsApi vitals;
    private final AlertApi alerts;
    private final FhirAccess access;

    ObservationResourceProvider(VitalsApi vitals, AlertApi alerts, FhirAccess access) {
        this.vitals = vitals;
        this.alerts = alerts;
        this.access = access;
    }

    @Override
    public Class<Observation> getResourceType() {
        return Observation.class;
    }

    /** A reading's event id or a NEWS2 score's id, both UUIDs: vitals-service is asked first, then alert-service. */
    @Read
    public Observation read(@IdParam IdType id) {
        @Nullable ReadingView reading = vitals
                .find(uri -> uri.path("/internal/v1/readings/{id}").build(id.getIdPart()), ReadingView.class)
                .orElse(null);
        if (reading == null) {
            News2Score score = alerts
                    .find(uri -> uri.path("/internal/v1/news2/scores/{id}").build(id.getIdPart()), News2Score.class)
                    .orElseThrow(() -> new ResourceNotFoundException(new IdType("Observation", id.getIdPart())));
            access.check(DataKind.OBSERVATION, Interaction.READ, score.patientId());
            return News2ObservationMapper.toObservation(score);
        }
        access.check(DataKind.OBSERVATION, Interaction.READ, reading.patientId());
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
        @Nullable String named = SearchCriteria.namedPatient(subject, patient);
        if (named == null) {
            // Audits the refusal; callers who may see every patient still need one, as vitals-service does.
            access.checkKind(DataKind.OBSERVATION, Interaction.SEARCH, NAME_A_PATIENT);
            throw new InvalidRequestException(SearchCriteria.NEEDS_PATIENT);
        }
        String patientId = named;
        // The one record of this search: it names the only patient whose Observations the page can hold.
        access.check(DataKind.OBSERVATION, Interaction.SEARCH, patientId);
        Set<VitalType> types = code == null ? EnumSet.allOf(VitalType.class) : SearchCriteria.types(code);
        boolean news2 = code == null || SearchCriteria.news2(code);
        if (types.isEmpty() && !news2) {
            return List.of();
        }
        int limit = CountLimit.of(count);
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
        List<Timed> found = new ArrayList<>();
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
                        found.add(new Timed(r.time(), ObservationMapper.toObservation(r, type)));
                    } catch (ObservationMapper.UnmappableReadingException e) {
                        log.warn("Skipped reading {}: {}", r.id(), e.getMessage());
                    }
                });
        if (news2) {
            fetchScores(patientId, from, to, limit).stream()
                    .filter(s -> (from == null || !s.computedAt().isBefore(from))
                            && (to == null || !s.computedAt().isAfter(to)))
                    .forEach(s -> found.add(new Timed(s.computedAt(), News2ObservationMapper.toObservation(s))));
        }
        return found.stream().sorted(Comparator.comparing(Timed::time).reversed()).limit(limit)
                .map(Timed::observation).toList();
    }

    /** An Observation with the instant it is sorted by: a reading's time, a score's computedAt. */
    private record Timed(Instant time, Observation observation) {
    }

    /** A patient alert-service has never scored may be a 404 there: no scores either way. */
    private List<News2Score> fetchScores(String patientId, @Nullable Instant from, @Nullable Instant to, int limit) {
        return alerts.find(uri -> {
            uri.path("/internal/v1/patients/{id}/news2/scores");
            if (from != null) {
                uri.queryParam("from", from.toString());
            }
            if (to != null) {
                uri.queryParam("to", to.toString());
            }
            return uri.queryParam("limit", limit).build(patientId);
        }, News2Scores.class).map(News2Scores::scores).orElse(List.of());
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

        static final String NEEDS_PATIENT = "Observation search needs subject=Patient/{id} or patient={id};"
                + " searches across all patients are not supported";

        static String patientId(@Nullable ReferenceParam subject, @Nullable ReferenceParam patient) {
            @Nullable String named = namedPatient(subject, patient);
            if (named == null) {
                throw new InvalidRequestException(NEEDS_PATIENT);
            }
            return named;
        }

        /** The patient the search names, or null when it names none. */
        static @Nullable String namedPatient(@Nullable ReferenceParam subject, @Nullable ReferenceParam patient) {
            @Nullable String bySubject = subject == null ? null : patientId(Observation.SP_SUBJECT, subject);
            @Nullable String byPatient = patient == null ? null : patientId(Observation.SP_PATIENT, patient);
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

        /**
         * The reading types the code tokens (ORed) select: LOINC codes, and SNOMED CT 1912002 for a fall. A token
         * without a system matches a code of any system; {@code |code} (explicitly no system) matches none.
         */
        static Set<VitalType> types(TokenOrListParam code) {
            Set<VitalType> types = EnumSet.noneOf(VitalType.class);
            for (TokenParam token : code.getValuesAsQueryTokens()) {
                @Nullable String system = token.getSystem();
                String value = token.getValue();
                if (system == null || system.equals(ObservationMapper.LOINC)) {
                    if (ObservationMapper.SPO2_OXYGENSAT_LOINC.equals(value)) {
                        types.add(VitalType.SPO2);
                    }
                    VitalType.fromLoinc(value).ifPresent(types::add);
                }
                if ((system == null || system.equals(ObservationMapper.SNOMED))
                        && VitalType.FALL.loinc().equals(value)) {
                    types.add(VitalType.FALL);
                }
            }
            return types;
        }

        /** Whether the code tokens select NEWS2 scores: SNOMED CT 1104051000000101, with or without its system. */
        static boolean news2(TokenOrListParam code) {
            for (TokenParam token : code.getValuesAsQueryTokens()) {
                @Nullable String system = token.getSystem();
                if ((system == null || system.equals(ObservationMapper.SNOMED))
                        && News2ObservationMapper.NEWS2_TOTAL.equals(token.getValue())) {
                    return true;
                }
            }
            return false;
        }
    }
}
