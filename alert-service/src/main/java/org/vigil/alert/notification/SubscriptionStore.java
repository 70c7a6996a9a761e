package org.vigil.alert.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.vigil.service.secret.SecretBox;
import org.vigil.service.security.VigilPrincipal;
import tools.jackson.databind.json.JsonMapper;

/** The {@code alert_subscription} and {@code webhook_delivery} tables, as the subscriptions API sees them. */
@Repository
class SubscriptionStore {

    private static final String COLUMNS = "id, name, url, categories, min_severity, created_at, owner";

    /** Arrays go in as JSON text: the named-parameter support would expand a Java list into several values. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a webhook secret is sealed for (AES-GCM associated data): it opens in this column only. */
    static final String SECRET_PURPOSE = "alert_subscription.secret";

    private final JdbcClient jdbc;
    private final SecretBox secrets;

    SubscriptionStore(JdbcClient jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    /**
     * @param owner who makes it, as their token says: every delivery is decided again for them
     * @return empty if the name is taken
     */
    Optional<Subscription> create(String name, String url, String secret, List<String> categories,
            String minSeverity, VigilPrincipal owner, Instant now) {
        UUID id = UUID.randomUUID();
        try {
            jdbc.sql("""
                    insert into alert_subscription (id, name, url, secret, secret_sealed, categories, min_severity,
                                                    min_severity_rank, created_at, owner, owner_type, owner_client_id,
                                                    owner_roles, owner_scopes)
                    values (:id, :name, :url, :secret, true, string_to_array(:categories, ','), :minSeverity, :rank, :now,
                            :owner, :ownerType, :ownerClient,
                            coalesce((select array_agg(r) from jsonb_array_elements_text(cast(:roles as jsonb)) r), '{}'),
                            coalesce((select array_agg(s) from jsonb_array_elements_text(cast(:scopes as jsonb)) s),
                                     '{}'))""")
                    .param("owner", owner.subject())
                    .param("ownerType", owner.type().code())
                    .param("ownerClient", owner.clientId())
                    .param("roles", JSON.writeValueAsString(List.copyOf(owner.roles())))
                    .param("scopes", JSON.writeValueAsString(List.copyOf(owner.scopes())))
                    .param("id", id)
                    .param("name", name)
                    .param("url", url)
                    .param("secret", secrets.seal(secret, SECRET_PURPOSE))
                    .param("categories", String.join(",", categories))
                    .param("minSeverity", minSeverity)
                    .param("rank", SeverityRank.of(minSeverity))
                    .param("now", now.atOffset(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        return find(id);
    }

    List<Subscription> list() {
        return jdbc.sql("select " + COLUMNS + " from alert_subscription order by name")
                .query(SubscriptionStore::subscription).list();
    }

    Optional<Subscription> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from alert_subscription where id = :id").param("id", id)
                .query(SubscriptionStore::subscription).optional();
    }

    /** Deletes the subscription and its deliveries, pending ones included. */
    boolean delete(UUID id) {
        return jdbc.sql("delete from alert_subscription where id = :id").param("id", id).update() > 0;
    }

    /** Newest first; {@code status} pending, delivered, failed or withheld, or null for all. */
    List<Delivery> deliveries(UUID subscriptionId, @Nullable String status, int limit) {
        return jdbc.sql("""
                select id, event_id, alert_id, change, status, attempts, created_at, next_attempt_at,
                       last_attempt_at, last_status_code, last_error, delivered_at
                  from webhook_delivery
                 where subscription_id = :id and (cast(:status as text) is null or status = :status)
                 order by created_at desc, id desc limit :limit""")
                .param("id", subscriptionId)
                .param("status", status)
                .param("limit", limit)
                .query((rs, n) -> {
                    String state = rs.getString("status");
                    int code = rs.getInt("last_status_code");
                    Integer lastStatusCode = rs.wasNull() ? null : code;
                    return new Delivery(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
                            rs.getObject("alert_id", UUID.class), rs.getString("change"), state,
                            rs.getInt("attempts"), instant(rs.getTimestamp("created_at")),
                            "pending".equals(state) ? instant(rs.getTimestamp("next_attempt_at")) : null,
                            instant(rs.getTimestamp("last_attempt_at")), lastStatusCode, rs.getString("last_error"),
                            instant(rs.getTimestamp("delivered_at")));
                })
                .list();
    }

    private static Subscription subscription(ResultSet rs, int row) throws SQLException {
        String[] categories = (String[]) rs.getArray("categories").getArray();
        Instant created = instant(rs.getTimestamp("created_at"));
        if (created == null) {
            throw new SQLException("created_at is null");
        }
        return new Subscription(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("url"),
                Arrays.asList(categories), rs.getString("min_severity"), created, rs.getString("owner"));
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
