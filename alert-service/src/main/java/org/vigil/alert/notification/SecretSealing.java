package org.vigil.alert.notification;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.vigil.service.secret.SecretBox;

/**
 * At start-up, seals the webhook secrets still kept in clear (subscriptions made before secrets were sealed:
 * migration V41 marks them, since SQL cannot encrypt with a key from configuration) and seals again those sealed with
 * a previous key (after a rotation of {@code vigil.secrets.key}). Each row is changed only if it still holds what was
 * read, so that replicas starting together do not seal twice.
 */
@Component
class SecretSealing implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SecretSealing.class);

    private record Stored(UUID id, String secret, boolean sealed) {
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
            log.info("Sealed {} webhook secrets with key {}", sealed, secrets.currentKeyId());
        }
    }

    /** @return how many rows were sealed (again) */
    int sealStored() {
        int sealed = 0;
        for (Stored row : jdbc.sql("""
                        select id, secret, secret_sealed from alert_subscription
                         where not secret_sealed or secret not like :current""")
                .param("current", "v1:" + secrets.currentKeyId() + ":%")
                .query((rs, n) -> new Stored(rs.getObject("id", UUID.class), rs.getString("secret"),
                        rs.getBoolean("secret_sealed")))
                .list()) {
            String clear;
            try {
                clear = row.sealed() ? secrets.open(row.secret(), SubscriptionStore.SECRET_PURPOSE) : row.secret();
            } catch (IllegalStateException e) {
                log.warn("Webhook subscription {}: its secret stays as it is: {}", row.id(), e.getMessage());
                continue;
            }
            sealed += jdbc.sql("""
                    update alert_subscription set secret = :sealed, secret_sealed = true
                     where id = :id and secret = :stored and secret_sealed = :wasSealed""")
                    .param("sealed", secrets.seal(clear, SubscriptionStore.SECRET_PURPOSE))
                    .param("id", row.id())
                    .param("stored", row.secret())
                    .param("wasSealed", row.sealed())
                    .update();
        }
        return sealed;
    }
}
