package org.vigil.alert.notification;

import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.service.OutboundHttp;
import org.vigil.service.OutboundTargets;

/**
 * Where webhooks may go: service-support's {@link OutboundTargets} rules (server-side request forgery), private
 * targets refused unless {@code vigil.alert.webhooks.allow-private-targets} ({@code VIGIL_WEBHOOK_ALLOW_PRIVATE}) is true,
 * for a receiver inside the same network. Checked when a subscription is made, and by every delivery's connection
 * ({@link #client}): the address it connects to is the one it checked, so that a name whose addresses change in
 * between (DNS rebinding) cannot lead a delivery into the network.
 */
@Component
class WebhookTargets {

    private static final String PRIVATE_REFUSAL =
            "webhooks go to public addresses only (vigil.alert.webhooks.allow-private-targets)";

    private final boolean allowPrivate;

    WebhookTargets(@Value("${vigil.alert.webhooks.allow-private-targets:false}") boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Why webhooks may not be sent to this URL, or empty if they may; the reason names no address. */
    Optional<String> refusal(String url) {
        return OutboundTargets.refusal(url, allowPrivate, "url", PRIVATE_REFUSAL);
    }

    /** A client that sends only to targets these rules allow, checked as it connects. */
    OutboundHttp client(Duration timeout) {
        return new OutboundHttp(allowPrivate, timeout, "url", PRIVATE_REFUSAL);
    }
}
