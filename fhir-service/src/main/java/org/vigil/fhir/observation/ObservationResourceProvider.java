package org.vigil.fhir.observation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.vigil.common.vitals.VitalType;
import org.vigil.fhir.AlertApi;
import org.vigil.fhir.CountLimit;
import org.vigil.fhir.FhirAccess;
import org.vigil.fhir.Searchset;
import org.vigil.fhir.VitalsApi;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientScope;

/**
 * {@code GET /fhir/Observation/{id}}, {@code GET /fhir/Observation?...} and {@code GET /fhir/Observation/$lastn}:
 * readings from vitals-service (their stored document when posted as FHIR, else mapped by {@link ObservationMapper}),
 * NEWS2 scores from alert-service mapped by {@link News2ObservationMapper}, and Observation documents that are not
 * readings, such as vital signs panels (vitals-service, served as posted by {@link DocumentMapper}). Searches page by
 * keyset cursor ({@link ObservationSearch}, {@link NextLinks}).
 *
 * <p>Access (service-support's rules, SMART type Observation for readings, NEWS2 scores and documents alike): a read
 * needs OBSERVATION READ on the Observation's patient; a search naming a patient OBSERVATION SEARCH on that patient,
 * decided (and recorded once) before anything is fetched; a search by {@code device} alone only a caller who may search
 * every patient's Observations (else 403, as a search naming nobody), recorded once with the patients of the page.
 * Included Devices go out only for patients whose Device data the caller may read.
 *
 * <p>Public because HAPI calls the annotated methods reflectively.
 */
@Component
public class ObservationResourceProvider implements IResourceProvider {

    private static final Logger log = LoggerFactory.getLogger(ObservationResourceProvider.class);

    static final String NAME_A_PATIENT = "Name the patient: Observation searches need subject=Patient/{id} or"
            + " patient={id}; only clients with a system/Observation scope may search without one.";

    /** The parameters a next link repeats ({@code _count} and the cursor are added). */
    static final Set<String> SEARCH_PARAMETERS = Set.of(Observation.SP_SUBJECT, Observation.SP_PATIENT,
            Observation.SP_CODE, Observation.SP_CATEGORY, Observation.SP_DATE, Observation.SP_DEVICE, "_include",
            "_sort");

    static final String INCLUDE_DEVICE = "Observation:device";

    private final VitalsApi vitals;
    private final AlertApi alerts;
    private final FhirAccess access;
    private final ObservationSearch search;
    private final FhirContext fhir;

    ObservationResourceProvider(VitalsApi vitals, AlertApi alerts, FhirAccess access, ObservationSearch search,
            FhirContext fhir) {
        this.vitals = vitals;
        this.alerts = alerts;
        this.access = access;
        this.search = search;
        this.fhir = fhir;
    }

    @Override
    public Class<Observation> getResourceType() {
        return Observation.class;
    }

    /**
     * A reading's event id, a NEWS2 score's id or an Observation document's id, all UUIDs: vitals-service's readings
     * are asked first (the most of them), then alert-service, then vitals-service's documents.
     */
    @Read
    public Observation read(@IdParam IdType id) {
        @Nullable ReadingView reading = vitals
                .find(uri -> uri.path("/internal/v1/readings/{id}").build(id.getIdPart()), ReadingView.class)
                .orElse(null);
        if (reading == null) {
            @Nullable News2Score score = alerts
                    .find(uri -> uri.path("/internal/v1/news2/scores/{id}").build(id.getIdPart()), News2Score.class)
                    .orElse(null);
            if (score != null) {
                access.check(DataKind.OBSERVATION, Interaction.READ, score.patientId());
                return News2ObservationMapper.toObservation(score);
            }
            DocumentView document = vitals
                    .find(uri -> uri.path("/internal/v1/observation-documents/{id}").build(id.getIdPart()),
                            DocumentView.class)
                    .orElseThrow(() -> new ResourceNotFoundException(new IdType("Observation", id.getIdPart())));
            access.check(DataKind.OBSERVATION, Interaction.READ, document.patientId());
            try {
                return DocumentMapper.map(lenientParser(), document);
            } catch (ObservationMapper.UnmappableReadingException e) {
                throw new InternalErrorException("Observation/" + id.getIdPart() + " cannot be mapped: "
                        + e.getMessage());
            }
        }
        access.check(DataKind.OBSERVATION, Interaction.READ, reading.patientId());
        try {
            return ObservationMapper.map(lenientParser(), reading);
        } catch (ObservationMapper.UnmappableReadingException e) {
            throw new InternalErrorException("Observation/" + id.getIdPart() + " cannot be mapped: " + e.getMessage());
        }
    }

    /**
     * {@code subject}/{@code patient}, {@code device}, {@code code}, {@code category}, {@code date},
     * {@code _sort=date|-date} (default newest first), {@code _count}, {@code _include=Observation:device},
     * {@code _summary=count}, and {@code _cursor} from a next link.
     */
    @Search
    public Bundle search(
            @OptionalParam(name = Observation.SP_SUBJECT) @Nullable ReferenceParam subject,
            @OptionalParam(name = Observation.SP_PATIENT) @Nullable ReferenceParam patient,
            @OptionalParam(name = Observation.SP_CODE) @Nullable TokenOrListParam code,
            @OptionalParam(name = Observation.SP_CATEGORY) @Nullable TokenOrListParam category,
            @OptionalParam(name = Observation.SP_DATE) @Nullable DateRangeParam date,
            @OptionalParam(name = Observation.SP_DEVICE) @Nullable ReferenceParam device,
            @IncludeParam(allow = {INCLUDE_DEVICE}) @Nullable Set<Include> includes,
            @Sort @Nullable SortSpec sort,
            @Count @Nullable Integer count,
            RequestDetails request) {
        @Nullable String patientId = SearchCriteria.namedPatient(subject, patient);
        @Nullable String deviceId = device == null ? null : SearchCriteria.deviceId(device);
        if (patientId == null && deviceId == null) {
            // Audits the refusal; callers who may see every patient still need one, as vitals-service does.
            access.checkKind(DataKind.OBSERVATION, Interaction.SEARCH, NAME_A_PATIENT);
            throw new InvalidRequestException(SearchCriteria.NEEDS_PATIENT);
        }
        ObservationSearch.Query query = new ObservationSearch.Query(patientId, deviceId,
                SearchCriteria.types(code, category), SearchCriteria.news2(code, category),
                SearchCriteria.documentCodes(code, category), TimeBounds.of(date), SearchCriteria.descending(sort));
        @Nullable PageCursor cursor = cursor(request);
        boolean countOnly = countOnly(request);
        int limit = CountLimit.of(count);

        boolean recordPatients = decide(patientId);
        if (countOnly) {
            long total = search.total(query);
            if (recordPatients) {
                access.recordAccess(DataKind.OBSERVATION, Interaction.SEARCH, List.of());
            }
            return Searchset.count(request, total);
        }
        ObservationSearch.Page page = search.page(query, cursor, limit);
        List<Observation> observations = observations(page.entries());
        if (recordPatients) {
            access.recordAccess(DataKind.OBSERVATION, Interaction.SEARCH,
                    page.entries().stream().map(ObservationSearch.Entry::patientId).distinct().toList());
        }
        List<Device> devices = includes != null && includes.stream()
                .anyMatch(i -> i.getValue().startsWith(INCLUDE_DEVICE))
                ? devices(observations, page.entries()) : List.of();
        return Searchset.page(request, observations, devices, page.next() == null ? null
                : NextLinks.link(request, "Observation", SEARCH_PARAMETERS, limit, page.next().encode()));
    }

    /**
     * {@code GET /fhir/Observation/$lastn?patient=&category=&code=&max=}: per code, the patient's newest {@code max}
     * Observations (default 1, at most 100), from vitals-service's {@code readings/lastn}, its newest Observation
     * documents (vital signs panels) and, when the code or category asks for them, alert-service's newest NEWS2
     * scores.
     */
    @Operation(name = "$lastn", idempotent = true)
    public Bundle lastn(
            @OperationParam(name = "patient") @Nullable ReferenceAndListParam patient,
            @OperationParam(name = "subject") @Nullable ReferenceAndListParam subject,
            @OperationParam(name = "category") @Nullable TokenAndListParam category,
            @OperationParam(name = "code") @Nullable TokenAndListParam code,
            @OperationParam(name = "max", typeName = "integer") @Nullable IntegerType max,
            RequestDetails request) {
        @Nullable String patientId = SearchCriteria.namedPatient(single(subject, "subject"),
                single(patient, "patient"));
        if (patientId == null) {
            access.checkKind(DataKind.OBSERVATION, Interaction.SEARCH, NAME_A_PATIENT);
            throw new InvalidRequestException("$lastn needs patient={id} (or subject=Patient/{id})");
        }
        int newest = max == null || max.getValue() == null ? 1 : max.getValue();
        if (newest < 1 || newest > 100) {
            throw new InvalidRequestException("max must be between 1 and 100");
        }
        TokenOrListParam codes = or(code, "code");
        TokenOrListParam categories = or(category, "category");
        access.check(DataKind.OBSERVATION, Interaction.SEARCH, patientId);
        Set<VitalType> types = SearchCriteria.types(codes, categories);
        boolean news2 = SearchCriteria.news2(codes, categories);
        Set<String> documentCodes = SearchCriteria.documentCodes(codes, categories);
        return Searchset.page(request, observations(search.lastn(patientId, types, news2, documentCodes, newest)),
                List.of(), null);
    }

    /** Whether this search's patients are recorded afterwards (a search by device alone); decides access. */
    private boolean decide(@Nullable String patientId) {
        if (patientId != null) {
            // The one record of this search: it names the only patient whose Observations a page can hold.
            access.check(DataKind.OBSERVATION, Interaction.SEARCH, patientId);
            return false;
        }
        PatientScope scope = access.scope(DataKind.OBSERVATION, Interaction.SEARCH);
        if (!scope.all()) {
            access.checkKind(DataKind.OBSERVATION, Interaction.SEARCH, NAME_A_PATIENT);
            throw new ForbiddenOperationException(NAME_A_PATIENT);
        }
        return true;
    }

    List<Observation> observations(List<ObservationSearch.Entry> entries) {
        IParser parser = lenientParser();
        List<Observation> observations = new ArrayList<>();
        for (ObservationSearch.Entry entry : entries) {
            if (entry.score() != null) {
                observations.add(News2ObservationMapper.toObservation(entry.score()));
                continue;
            }
            if (entry.document() != null) {
                try {
                    observations.add(DocumentMapper.map(parser, entry.document()));
                } catch (ObservationMapper.UnmappableReadingException e) {
                    // The document's id only: its contents are health data.
                    log.warn("Skipped Observation document {}: not mappable to FHIR", entry.document().id());
                }
                continue;
            }
            ReadingView reading = entry.reading();
            try {
                observations.add(ObservationMapper.map(parser, reading));
            } catch (ObservationMapper.UnmappableReadingException e) {
                // The reading's id only: its fields are health data.
                log.warn("Skipped reading {}: not mappable to FHIR", reading.id());
            }
        }
        return observations;
    }

    /** The Devices the Observations reference, where the caller may read that patient's, each looked up once. */
    private List<Device> devices(List<Observation> observations, List<ObservationSearch.Entry> entries) {
        PatientScope devices = access.scope(DataKind.DEVICE, Interaction.READ);
        Map<String, String> patientOf = new LinkedHashMap<>();
        entries.forEach(e -> patientOf.put(e.key().id(), e.patientId()));
        Map<String, Optional<Device>> found = new LinkedHashMap<>();
        for (Observation observation : observations) {
            String patientId = patientOf.get(observation.getIdElement().getIdPart());
            if (patientId == null || !devices.includes(patientId) || !observation.hasDevice()) {
                continue;
            }
            IdType reference = new IdType(observation.getDevice().getReference());
            if (!"Device".equals(reference.getResourceType()) || !reference.hasIdPart()) {
                continue;
            }
            found.computeIfAbsent(reference.getIdPart(), id -> vitals
                    .find(uri -> uri.path("/internal/v1/device-records/{id}").build(id), DeviceRecord.class)
                    .map(IncludedDeviceMapper::toDevice));
        }
        return found.values().stream().flatMap(Optional::stream).toList();
    }

    private IParser lenientParser() {
        return fhir.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
    }

    private static @Nullable PageCursor cursor(RequestDetails request) {
        String[] values = request.getParameters().get(PageCursor.PARAM);
        return values == null || values.length == 0 || values[0].isBlank() ? null : PageCursor.decode(values[0]);
    }

    private static boolean countOnly(RequestDetails request) {
        String[] values = request.getParameters().get("_summary");
        return values != null && List.of(values).contains("count");
    }

    private static @Nullable ReferenceParam single(@Nullable ReferenceAndListParam and, String name) {
        if (and == null || and.getValuesAsQueryTokens().isEmpty()) {
            return null;
        }
        if (and.getValuesAsQueryTokens().size() > 1
                || and.getValuesAsQueryTokens().get(0).getValuesAsQueryTokens().size() != 1) {
            throw new InvalidRequestException(name + " must name one patient");
        }
        ReferenceOrListParam or = and.getValuesAsQueryTokens().get(0);
        return or.getValuesAsQueryTokens().get(0);
    }

    private static @Nullable TokenOrListParam or(@Nullable TokenAndListParam and, String name) {
        if (and == null || and.getValuesAsQueryTokens().isEmpty()) {
            return null;
        }
        if (and.getValuesAsQueryTokens().size() > 1) {
            throw new InvalidRequestException(name + ": give one list of values separated by commas");
        }
        return and.getValuesAsQueryTokens().get(0);
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

        static String deviceId(ReferenceParam reference) {
            if (reference.getChain() != null && !reference.getChain().isEmpty()) {
                throw new InvalidRequestException("chained device searches are not supported");
            }
            if (reference.getResourceType() != null && !"Device".equals(reference.getResourceType())) {
                throw new InvalidRequestException("device must reference a Device");
            }
            String id = reference.getIdPart();
            if (id == null || id.isBlank()) {
                throw new InvalidRequestException("device needs a Device id");
            }
            return id;
        }

        /** {@code _sort}: {@code date} oldest first, {@code -date} (and no sort) newest first. */
        static boolean descending(@Nullable SortSpec sort) {
            if (sort == null) {
                return true;
            }
            if (sort.getChain() != null || !Observation.SP_DATE.equals(sort.getParamName())) {
                throw new InvalidRequestException("_sort: only date and -date are supported");
            }
            return sort.getOrder() == SortOrderEnum.DESC;
        }

        /** The reading types that both the codes and the categories select (an absent parameter selects all). */
        static Set<VitalType> types(@Nullable TokenOrListParam code, @Nullable TokenOrListParam category) {
            Set<VitalType> types = code == null ? EnumSet.allOf(VitalType.class) : types(code);
            if (category != null) {
                types.retainAll(categoryTypes(category));
            }
            return types;
        }

        /** Whether both the codes and the categories select NEWS2 scores. */
        static boolean news2(@Nullable TokenOrListParam code, @Nullable TokenOrListParam category) {
            return (code == null || news2(code)) && (category == null || categories(category).contains("survey"));
        }

        /**
         * The codes of the Observation documents that both the codes and the categories select: a vital signs panel
         * (LOINC 85353-1, the R4 vital signs profile's "vitalspanel",
         * http://hl7.org/fhir/R4/observation-vitalsigns.html) for a code token 85353-1 without a system or with
         * LOINC's, or no code at all, and a category {@code vital-signs} or none. Panels are the only documents Vigil
         * stores, so no other code asks for documents: a search for reading codes alone never calls their API.
         */
        static Set<String> documentCodes(@Nullable TokenOrListParam code, @Nullable TokenOrListParam category) {
            if (category != null && !categories(category).contains("vital-signs")) {
                return Set.of();
            }
            if (code == null) {
                return Set.of(VitalType.VITAL_SIGNS_PANEL_LOINC);
            }
            for (TokenParam token : code.getValuesAsQueryTokens()) {
                @Nullable String system = token.getSystem();
                if ((system == null || system.equals(ObservationMapper.LOINC))
                        && VitalType.VITAL_SIGNS_PANEL_LOINC.equals(token.getValue())) {
                    return Set.of(VitalType.VITAL_SIGNS_PANEL_LOINC);
                }
            }
            return Set.of();
        }

        /** {@code vital-signs}: every type but falls; {@code exam}: falls; {@code survey}: NEWS2 scores. */
        static Set<VitalType> categoryTypes(TokenOrListParam category) {
            Set<String> codes = categories(category);
            Set<VitalType> types = EnumSet.noneOf(VitalType.class);
            if (codes.contains("vital-signs")) {
                types.addAll(EnumSet.complementOf(EnumSet.of(VitalType.FALL)));
            }
            if (codes.contains("exam")) {
                types.add(VitalType.FALL);
            }
            return types;
        }

        private static Set<String> categories(TokenOrListParam category) {
            Set<String> codes = new LinkedHashSet<>();
            for (TokenParam token : category.getValuesAsQueryTokens()) {
                if (token.getSystem() == null || token.getSystem().equals(ObservationMapper.CATEGORY_SYSTEM)) {
                    codes.add(token.getValue());
                }
            }
            return codes;
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
