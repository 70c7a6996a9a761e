package org.vigil.fhir.flag;

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
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IdType;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.vigil.fhir.AlertApi;
import org.vigil.fhir.CountLimit;
import org.vigil.fhir.FhirAccess;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientScope;

/**
 * {@code GET /fhir/Flag/{id}} and {@code GET /fhir/Flag?patient=&status=&date=&_count=}: alert-service's alerts
 * ({@code /internal/v1/alerts}) mapped by {@link FlagMapper}, newest raised first. Access is kind ALERT (SMART type
 * Flag): a read checks the alert's patient once fetched; a search names its patient and is checked before anything
 * is fetched, or, naming none, needs a scope over every patient (a {@code system/Flag.s} scope).
 *
 * <p>{@code status} is Flag.status ({@code active}: open or acknowledged alerts; {@code inactive}: resolved;
 * {@code entered-in-error}: none). {@code date} bounds period.start (when the alert was raised).
 *
 * <p>Public because HAPI calls the annotated methods reflectively.
 */
@Component
public class FlagResourceProvider implements IResourceProvider {

    static final String SP_STATUS = "status";

    private final AlertApi alerts;
    private final FhirAccess access;

    FlagResourceProvider(AlertApi alerts, FhirAccess access) {
        this.alerts = alerts;
        this.access = access;
    }

    @Override
    public Class<Flag> getResourceType() {
        return Flag.class;
    }

    @Read
    public Flag read(@IdParam IdType id) {
        String alertId = id.getIdPart();
        AlertView alert = alerts.find(uri -> uri.path("/internal/v1/alerts/{id}").build(alertId), AlertView.class)
                .orElseThrow(() -> new ResourceNotFoundException("Flag/" + plain(alertId) + " is not known"));
        access.check(DataKind.ALERT, Interaction.READ, alert.patientId());
        return FlagMapper.toFlag(alert);
    }

    @Search
    public List<Flag> search(
            @OptionalParam(name = Flag.SP_PATIENT) @Nullable ReferenceParam patient,
            @OptionalParam(name = Flag.SP_SUBJECT) @Nullable ReferenceParam subject,
            @OptionalParam(name = SP_STATUS) @Nullable TokenOrListParam status,
            @OptionalParam(name = Flag.SP_DATE) @Nullable DateRangeParam date,
            @Count @Nullable Integer count) {
        if (patient != null && subject != null) {
            throw new InvalidRequestException("Give patient or subject, not both");
        }
        @Nullable String patientId = patientId(patient != null ? patient : subject);
        if (patientId != null) {
            access.check(DataKind.ALERT, Interaction.SEARCH, patientId);
        } else {
            PatientScope scope = access.scope(DataKind.ALERT, Interaction.SEARCH);
            if (!scope.all()) {
                throw new ForbiddenOperationException(
                        "Name the patient (Flag?patient=...): searching every patient's Flags needs a system scope");
            }
        }
        List<String> statuses = statuses(status);
        @Nullable Instant from = date == null ? null : instant(date.getLowerBoundAsInstant());
        @Nullable Instant to = date == null ? null : instant(date.getUpperBoundAsInstant());
        int limit = CountLimit.of(count);
        List<AlertView> found = new ArrayList<>();
        if (limit > 0) {
            for (String wanted : statuses) {
                found.addAll(alerts.get(uri -> {
                    uri.path("/internal/v1/alerts");
                    if (patientId != null) {
                        uri.queryParam("patientId", patientId);
                    }
                    if (!wanted.isEmpty()) {
                        uri.queryParam("status", wanted);
                    }
                    if (from != null) {
                        uri.queryParam("from", from.toString());
                    }
                    if (to != null) {
                        uri.queryParam("to", to.toString());
                    }
                    return uri.queryParam("limit", limit).build();
                }, AlertViews.class).alerts());
            }
        }
        List<AlertView> page = found.stream()
                .sorted(Comparator.comparing(AlertView::raisedAt).reversed().thenComparing(AlertView::id))
                .limit(limit).toList();
        if (patientId == null) {
            Set<String> patients = new LinkedHashSet<>();
            page.forEach(a -> patients.add(a.patientId()));
            if (!patients.isEmpty()) {
                access.recordAccess(DataKind.ALERT, Interaction.SEARCH, patients);
            }
        }
        return page.stream().map(FlagMapper::toFlag).toList();
    }

    /** Flag.status codes to alert-service's statuses; an empty string for "any". */
    private static List<String> statuses(@Nullable TokenOrListParam status) {
        if (status == null || status.getValuesAsQueryTokens().isEmpty()) {
            return List.of("");
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (TokenParam token : status.getValuesAsQueryTokens()) {
            if (token.getSystem() != null && !token.getSystem().isEmpty()
                    && !"http://hl7.org/fhir/flag-status".equals(token.getSystem())) {
                throw new InvalidRequestException("status must be a code of http://hl7.org/fhir/flag-status");
            }
            switch (token.getValue() == null ? "" : token.getValue()) {
                case "active" -> {
                    wanted.add("open");
                    wanted.add("acknowledged");
                }
                case "inactive" -> wanted.add("resolved");
                case "entered-in-error" -> {
                    // Vigil never enters an alert in error.
                }
                default -> throw new InvalidRequestException(
                        "status must be active, inactive or entered-in-error");
            }
        }
        return List.copyOf(wanted);
    }

    private static @Nullable String patientId(@Nullable ReferenceParam reference) {
        if (reference == null) {
            return null;
        }
        if (reference.getChain() != null && !reference.getChain().isEmpty()) {
            throw new InvalidRequestException("chained patient searches are not supported");
        }
        if (reference.getResourceType() != null && !"Patient".equals(reference.getResourceType())) {
            throw new InvalidRequestException("a Flag's subject searched here must be a Patient");
        }
        String id = reference.getIdPart();
        if (id == null || id.isBlank()) {
            throw new InvalidRequestException("patient needs a value");
        }
        return id;
    }

    private static @Nullable Instant instant(@Nullable Date date) {
        return date == null ? null : date.toInstant();
    }

    private static String plain(String id) {
        String plain = id.replaceAll("[^A-Za-z0-9.-]", "?");
        return plain.length() > 64 ? plain.substring(0, 64) + "..." : plain;
    }
}
