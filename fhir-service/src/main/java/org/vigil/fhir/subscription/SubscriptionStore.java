package org.vigil.fhir.subscription;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.vigil.service.secret.SecretBox;
import org.vigil.service.security.VigilPrincipal;
import tools.jackson.databind.json.JsonMapper;

/** {@code fhir.subscription}: Subscriptions as their owners stored them, with the criteria parsed into columns. */
@Repository
class SubscriptionStore {

    private static final String COLUMNS = "id, version_id, last_updated, created_at, owner, resource_type, patient_id,"
            + " types, status, error, endpoint, payload, headers, resource, owner_type, owner_client_id, owner_roles,"
            + " owner_scopes, headers_sealed";
    /** What a channel.header value is sealed for (AES-GCM associated data): it opens in this column only. */
    static final String HEADER_PURPOSE = "subscription.headers";
    private static final String ROLES =
            "(select coalesce(array_agg(r), '{}') from jsonb_array_elements_text(cast(:roles as jsonb)) r)";
    private static final String SCOPES =
            "(select coalesce(array_agg(s), '{}') from jsonb_array_elements_text(cast(:scopes as jsonb)) s)";

    /** Arrays go in as JSON text: the named-parameter support would expand a Java array into a list. */
    private static final String TYPES =
            "(select array_agg(t) from jsonb_array_elements_text(cast(:types as jsonb)) t)";
    private static final String HEADERS =
            "coalesce((select array_agg(h) from jsonb_array_elements_text(cast(:headers as jsonb)) h), '{}')";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(SubscriptionStore.class);

    private final JdbcClient jdbc;
    private final SecretBox secrets;

    SubscriptionStore(JdbcClient jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    void insert(StoredSubscription s) {
        jdbc.sql("insert into subscription (" + COLUMNS + ") values (:id, :version, :lastUpdated, :createdAt, :owner,"
                        + " :resourceType, :patientId, " + TYPES + ", :status, :error, :endpoint, :payload, "
                        + HEADERS + ", :resource, :ownerType, :ownerClient, " + ROLES + ", " + SCOPES + ", true)")
                .params(params(s))
                .update();
    }

    /** Replaces the owner's subscription if its version is still {@code expectedVersion}; false if not. */
    boolean update(StoredSubscription s, long expectedVersion) {
        return jdbc.sql("""
                update subscription set version_id = :version, last_updated = :lastUpdated,
                       resource_type = :resourceType, patient_id = :patientId, types = %s, status = :status,
                       error = :error, endpoint = :endpoint, payload = :payload, headers = %s,
                       resource = :resource, owner_type = :ownerType, owner_client_id = :ownerClient,
                       owner_roles = %s, owner_scopes = %s, headers_sealed = true
                 where id = :id and owner = :owner and version_id = :expected""".formatted(TYPES, HEADERS, ROLES,
                        SCOPES))
                .params(params(s))
                .param("expected", expectedVersion)
                .update() == 1;
    }

    boolean delete(UUID id, String owner) {
        return jdbc.sql("delete from subscription where id = :id and owner = :owner")
                .param("id", id).param("owner", owner).update() == 1;
    }

    Optional<StoredSubscription> find(UUID id, String owner) {
        return jdbc.sql("select " + COLUMNS + " from subscription where id = :id and owner = :owner")
                .param("id", id).param("owner", owner)
                .query(this::row).optional();
    }

    List<StoredSubscription> list(String owner, @Nullable List<String> statuses, int limit) {
        return jdbc.sql("select " + COLUMNS + " from subscription where owner = :owner"
                        + (statuses == null ? "" : " and status in (:statuses)")
                        + " order by created_at desc, id limit :limit")
                .param("owner", owner)
                .params(statuses == null ? java.util.Map.of() : java.util.Map.of("statuses", statuses))
                .param("limit", limit)
                .query(this::row).list();
    }

    /**
     * The subscriptions (not off) an event of this resource type, patient and reading type matches, created no
     * later than the event happened (a new subscription is not told of the past).
     */
    List<StoredSubscription> matching(String resourceType, String patientId, @Nullable String type, Instant at) {
        return jdbc.sql("select " + COLUMNS + " from subscription where resource_type = :resourceType"
                        + " and status <> 'off' and (patient_id is null or patient_id = :patientId)"
                        + " and (types is null or :type = any(types)) and created_at <= :at")
                .param("resourceType", resourceType)
                .param("patientId", patientId)
                .param("type", type == null ? "" : type)
                .param("at", utc(at))
                .query(this::row).list();
    }

    private java.util.Map<String, Object> params(StoredSubscription s) {
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        p.put("id", s.id());
        p.put("version", s.versionId());
        p.put("lastUpdated", utc(s.lastUpdated()));
        p.put("createdAt", utc(s.createdAt()));
        p.put("owner", s.owner());
        p.put("resourceType", s.criteria().resourceType());
        p.put("patientId", s.criteria().patientId());
        p.put("types", s.criteria().types() == null ? null : JSON.writeValueAsString(s.criteria().types()));
        p.put("status", s.status());
        p.put("error", s.error());
        p.put("endpoint", s.endpoint());
        p.put("payload", s.payload());
        p.put("headers", JSON.writeValueAsString(s.headers().stream()
                .map(header -> secrets.seal(header, HEADER_PURPOSE)).toList()));
        p.put("resource", s.resource());
        VigilPrincipal owner = s.ownerAccess();
        p.put("ownerType", owner == null ? null : owner.type().code());
        p.put("ownerClient", owner == null ? null : owner.clientId());
        p.put("roles", owner == null ? "[]" : JSON.writeValueAsString(List.copyOf(owner.roles())));
        p.put("scopes", owner == null ? "[]" : JSON.writeValueAsString(List.copyOf(owner.scopes())));
        return p;
    }

    private StoredSubscription row(ResultSet rs, int n) throws SQLException {
        return new StoredSubscription(rs.getObject("id", UUID.class), rs.getLong("version_id"),
                rs.getTimestamp("last_updated").toInstant(), rs.getTimestamp("created_at").toInstant(),
                rs.getString("owner"),
                new Criteria(rs.getString("resource_type"), rs.getString("patient_id"), strings(rs.getArray("types"))),
                rs.getString("status"), rs.getString("error"), rs.getString("endpoint"), rs.getString("payload"),
                headersOrNone(rs), rs.getString("resource"), ownerAccess(rs, "owner"));
    }

    /**
     * The headers for reading and matching; none if they do not open (their key is not configured), so that one such
     * Subscription never stalls the matching of events. Its notifications fail saying why ({@link NotificationSender}).
     */
    private List<String> headersOrNone(ResultSet rs) throws SQLException {
        try {
            return headers(rs, secrets);
        } catch (IllegalStateException e) {
            log.warn("Subscription {}: its channel.header values do not open: {}", rs.getObject("id"), e.getMessage());
            return List.of();
        }
    }

    /**
     * The channel.header values in clear: sealed, or in clear in a row kept before headers were sealed and not sealed
     * yet ({@link SecretSealing}).
     *
     * @throws IllegalStateException a value does not open (its key is not configured)
     */
    static List<String> headers(ResultSet rs, SecretBox secrets) throws SQLException {
        List<String> stored = Optional.ofNullable(strings(rs.getArray("headers"))).orElse(List.of());
        return rs.getBoolean("headers_sealed")
                ? stored.stream().map(header -> secrets.open(header, HEADER_PURPOSE)).toList()
                : stored;
    }

    /** The owner's roles and scopes as kept with the Subscription, or null if none were kept (made before). */
    static @Nullable VigilPrincipal ownerAccess(ResultSet rs, String ownerColumn) throws SQLException {
        List<String> roles = strings(rs.getArray("owner_roles"));
        List<String> scopes = strings(rs.getArray("owner_scopes"));
        if (roles == null || scopes == null) {
            return null;
        }
        VigilPrincipal.AgentType type = "client".equals(rs.getString("owner_type"))
                ? VigilPrincipal.AgentType.CLIENT : VigilPrincipal.AgentType.USER;
        return new VigilPrincipal(rs.getString(ownerColumn), type, rs.getString("owner_client_id"), Set.copyOf(roles),
                Set.copyOf(scopes));
    }

    static @Nullable List<String> strings(@Nullable Array array) throws SQLException {
        return array == null ? null : Arrays.asList((String[]) array.getArray());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
