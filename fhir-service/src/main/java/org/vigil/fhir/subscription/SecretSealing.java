package org.vigil.fhir.subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.vigil.service.secret.SecretBox;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * At start-up, seals the channel.header values still kept in clear (Subscriptions stored before headers were sealed:
 * migration V6 marks them, since SQL cannot encrypt with a key from configuration), takes them out of the stored
 * documents, and seals again the values sealed with a previous key (after a rotation of {@code vigil.secrets.key}).
 * Each row is changed only if its version and format are still those read, so that replicas starting together do not
 * seal twice and an update in between is not overwritten.
 */
@Component
class SecretSealing implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SecretSealing.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Stored(UUID id, long version, List<String> headers, boolean sealed, String resource) {
    }

    private final JdbcClient jdbc;
    private final SecretBox secrets;

    SecretSealing(JdbcClient jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @Override
    public void run(ApplicationArguments args) {
        int sealed = sealStored();
        if (sealed > 0) {
            log.info("Sealed the channel.header values of {} Subscriptions with key {}", sealed,
                    secrets.currentKeyId());
        }
    }

    /** @return how many Subscriptions were sealed (again) */
    int sealStored() {
        int sealed = 0;
        for (Stored row : jdbc.sql("""
                        select id, version_id, headers, headers_sealed, resource from subscription
                         where not headers_sealed
                            or exists (select 1 from unnest(headers) h where h not like :current)""")
                .param("current", "v1:" + secrets.currentKeyId() + ":%")
                .query((rs, n) -> new Stored(rs.getObject("id", UUID.class), rs.getLong("version_id"),
                        SubscriptionStore.strings(rs.getArray("headers")), rs.getBoolean("headers_sealed"),
                        rs.getString("resource")))
                .list()) {
            List<String> resealed = new ArrayList<>();
            try {
                for (String header : row.headers()) {
                    String clear = row.sealed() ? secrets.open(header, SubscriptionStore.HEADER_PURPOSE) : header;
                    resealed.add(secrets.seal(clear, SubscriptionStore.HEADER_PURPOSE));
                }
            } catch (IllegalStateException e) {
                log.warn("Subscription {}: its channel.header values stay as they are: {}", row.id(), e.getMessage());
                continue;
            }
            sealed += jdbc.sql("""
                    update subscription set headers = coalesce((select array_agg(h)
                                                                  from jsonb_array_elements_text(cast(:headers as jsonb)) h),
                                                                '{}'),
                                            headers_sealed = true, resource = :resource
                     where id = :id and version_id = :version and headers_sealed = :wasSealed""")
                    .param("headers", JSON.writeValueAsString(resealed))
                    .param("resource", withoutHeaders(row.resource()))
                    .param("id", row.id())
                    .param("version", row.version())
                    .param("wasSealed", row.sealed())
                    .update();
        }
        return sealed;
    }

    /** The stored document without channel.header (they are served from the sealed column). */
    private static String withoutHeaders(String resource) {
        JsonNode document = JSON.readTree(resource);
        if (document.get("channel") instanceof ObjectNode channel) {
            channel.remove("header");
        }
        return JSON.writeValueAsString(document);
    }
}
