package org.vigil.fhir.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.vigil.fhir.CountLimit;
import org.vigil.fhir.FhirAccess;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.VigilPrincipal;

/**
 * {@code /fhir/Subscription}: create, read, update, delete and search R4 rest-hook Subscriptions, stored in
 * {@code fhir.subscription} (docs/adr/0006). A Subscription belongs to the token subject that created it: nobody else
 * sees it (404). Creating or updating one needs SEARCH access to the patient its criteria names (kind OBSERVATION or
 * ALERT, checked and audited by {@link FhirAccess}); a criteria naming no patient (Observation by code) needs a scope
 * over every patient. The owner's roles and scopes are kept with it, and every notification is decided again for them
 * before it is sent ({@link NotificationSender}). Errors are OperationOutcomes: 422 for a criteria, channel or
 * endpoint this server cannot serve.
 *
 * <p>Public because HAPI calls the annotated methods reflectively.
 */
@Component
public class SubscriptionResourceProvider implements IResourceProvider {

    static final Set<String> PAYLOADS = Set.of("application/fhir+json", "application/fhir+xml");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}:[^\\r\\n]{0,2000}");
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type",
            "transfer-encoding", "connection", "expect", "upgrade");
    private static final int MAX_HEADERS = 10;

    private final SubscriptionStore store;
    private final SubscriptionTargets targets;
    private final FhirAccess access;
    private final FhirContext fhir;
    private final Clock clock;

    SubscriptionResourceProvider(SubscriptionStore store, SubscriptionTargets targets, FhirAccess access,
            FhirContext fhir) {
        this.store = store;
        this.targets = targets;
        this.access = access;
        this.fhir = fhir;
        this.clock = Clock.systemUTC();
    }

    @Override
    public Class<Subscription> getResourceType() {
        return Subscription.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam Subscription subscription) {
        String owner = owner();
        Checked checked = check(subscription);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        StoredSubscription stored = new StoredSubscription(UUID.randomUUID(), 1, now, now, owner, checked.criteria(),
                checked.status(), null, checked.endpoint(), checked.payload(), checked.headers(),
                document(subscription), VigilPrincipal.current().orElseThrow());
        store.insert(stored);
        MethodOutcome outcome = new MethodOutcome(new IdType("Subscription", stored.id().toString(), "1"), true);
        outcome.setResource(toResource(stored));
        return outcome;
    }

    @Read
    public Subscription read(@IdParam IdType id) {
        return toResource(owned(id));
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam Subscription subscription) {
        StoredSubscription current = owned(id);
        if (id.hasVersionIdPart() && !id.getVersionIdPart().equals(Long.toString(current.versionId()))) {
            throw new ResourceVersionConflictException("Subscription/" + current.id() + " is at version "
                    + current.versionId() + ", not " + id.getVersionIdPart());
        }
        Checked checked = check(subscription);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        StoredSubscription updated = new StoredSubscription(current.id(), current.versionId() + 1, now,
                current.createdAt(), current.owner(), checked.criteria(), checked.status(), null, checked.endpoint(),
                checked.payload(), checked.headers(), document(subscription), VigilPrincipal.current().orElseThrow());
        if (!store.update(updated, current.versionId())) {
            throw new ResourceVersionConflictException("Subscription/" + current.id()
                    + " was changed at the same time; read it again and retry");
        }
        MethodOutcome outcome = new MethodOutcome(new IdType("Subscription", updated.id().toString(),
                Long.toString(updated.versionId())), false);
        outcome.setResource(toResource(updated));
        return outcome;
    }

    @Delete
    public MethodOutcome delete(@IdParam IdType id) {
        StoredSubscription current = owned(id);
        store.delete(current.id(), current.owner());
        return new MethodOutcome();
    }

    /** The caller's own Subscriptions, newest first; {@code status} narrows them. */
    @Search
    public List<Subscription> search(@OptionalParam(name = Subscription.SP_STATUS) @Nullable TokenOrListParam status,
            @Count @Nullable Integer count) {
        String owner = owner();
        List<String> statuses = null;
        if (status != null && !status.getValuesAsQueryTokens().isEmpty()) {
            Set<String> wanted = new LinkedHashSet<>();
            for (TokenParam token : status.getValuesAsQueryTokens()) {
                String code = token.getValue() == null ? "" : token.getValue();
                if (!Set.of("requested", "active", "error", "off").contains(code)) {
                    throw new InvalidRequestException("status must be requested, active, error or off");
                }
                wanted.add(code);
            }
            statuses = List.copyOf(wanted);
        }
        int limit = CountLimit.of(count);
        if (limit == 0) {
            return List.of();
        }
        return store.list(owner, statuses, limit).stream().map(this::toResource).toList();
    }

    private record Checked(Criteria criteria, String status, String endpoint, @Nullable String payload,
            List<String> headers) {
    }

    /** Validates what this server can serve and whether the caller may subscribe to the criteria's patient. */
    private Checked check(Subscription subscription) {
        Criteria criteria;
        try {
            criteria = Criteria.parse(subscription.getCriteria());
        } catch (Criteria.InvalidCriteriaException e) {
            throw new UnprocessableEntityException(e.getMessage());
        }
        Subscription.SubscriptionChannelComponent channel = subscription.getChannel();
        if (channel.getType() != SubscriptionChannelType.RESTHOOK) {
            throw new UnprocessableEntityException("channel.type must be rest-hook: the only channel this server "
                    + "supports");
        }
        String endpoint = channel.getEndpoint();
        if (endpoint == null || endpoint.isBlank()) {
            throw new UnprocessableEntityException("channel.endpoint is required for a rest-hook");
        }
        if (endpoint.length() > 2000) {
            throw new UnprocessableEntityException("channel.endpoint must be at most 2000 characters");
        }
        Optional<String> refused = targets.refusal(endpoint);
        if (refused.isPresent()) {
            throw new UnprocessableEntityException(refused.get());
        }
        String payload = channel.getPayload();
        if (payload != null && payload.isBlank()) {
            payload = null;
        }
        if (payload != null) {
            payload = payload.toLowerCase(Locale.ROOT).trim();
            if (payload.equals("application/json") || payload.equals("application/json+fhir")) {
                payload = "application/fhir+json";
            }
            if (!PAYLOADS.contains(payload)) {
                throw new UnprocessableEntityException("channel.payload must be application/fhir+json or "
                        + "application/fhir+xml, or absent for notifications without a body");
            }
        }
        List<String> headers = new ArrayList<>();
        for (StringType header : channel.getHeader()) {
            String value = header.getValue() == null ? "" : header.getValue();
            if (!HEADER.matcher(value).matches()) {
                throw new UnprocessableEntityException("each channel.header must be 'Name: value' on one line");
            }
            String name = value.substring(0, value.indexOf(':')).toLowerCase(Locale.ROOT);
            if (RESERVED_HEADERS.contains(name)) {
                throw new UnprocessableEntityException("channel.header may not set " + name);
            }
            headers.add(value);
        }
        if (headers.size() > MAX_HEADERS) {
            throw new UnprocessableEntityException("at most " + MAX_HEADERS + " channel.header values");
        }
        String status = subscription.getStatus() == SubscriptionStatus.OFF ? "off" : "active";
        if (criteria.patientId() != null) {
            access.check(criteria.kind(), Interaction.SEARCH, criteria.patientId());
        } else if (!access.scope(criteria.kind(), Interaction.SEARCH).all()) {
            throw new ForbiddenOperationException("A Subscription naming no patient reaches every patient's data: "
                    + "name the patient (" + criteria.resourceType() + "?patient=...) or use a system scope");
        }
        return new Checked(criteria, status, endpoint, payload, List.copyOf(headers));
    }

    private StoredSubscription owned(IdType id) {
        String owner = owner();
        UUID uuid;
        try {
            uuid = UUID.fromString(id.getIdPart());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notFound(id);
        }
        return store.find(uuid, owner).orElseThrow(() -> notFound(id));
    }

    private static ResourceNotFoundException notFound(IdType id) {
        String plain = String.valueOf(id.getIdPart()).replaceAll("[^A-Za-z0-9-]", "?");
        return new ResourceNotFoundException("Subscription/" + (plain.length() > 64 ? plain.substring(0, 64) : plain)
                + " is not known");
    }

    private static String owner() {
        return VigilPrincipal.current().map(VigilPrincipal::subject).orElseThrow(() -> new AuthenticationException(
                "This needs an access token: send Authorization: Bearer <token>."));
    }

    /**
     * The document as sent, without id and meta (the server's), status or error (kept in columns), and without
     * channel.header: those often carry the receiver's credentials and are kept sealed in their own column.
     */
    private String document(Subscription subscription) {
        Subscription copy = subscription.copy();
        copy.setId((String) null);
        copy.setMeta(null);
        copy.setStatus(null);
        copy.setError(null);
        copy.getChannel().setHeader(null);
        return fhir.newJsonParser().encodeResourceToString(copy);
    }

    Subscription toResource(StoredSubscription stored) {
        Subscription subscription = fhir.newJsonParser().parseResource(Subscription.class, stored.resource());
        subscription.setId(new IdType("Subscription", stored.id().toString(), Long.toString(stored.versionId())));
        subscription.getMeta().setVersionId(Long.toString(stored.versionId()));
        subscription.getMeta().setLastUpdated(Date.from(stored.lastUpdated()));
        subscription.setStatus(SubscriptionStatus.fromCode(stored.status()));
        subscription.setError(stored.error());
        subscription.getChannel().setHeader(null);
        stored.headers().forEach(header -> subscription.getChannel().addHeader(header));
        if (!subscription.hasReason()) {
            subscription.setReason("(none given)");
        }
        return subscription;
    }
}
