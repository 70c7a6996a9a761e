package org.vigil.alert.notification;

import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.service.OutboundTargets;

/**
 * Where webhooks may go: service-support's {@link OutboundTargets} rules (server-side request forgery), private
 * targets refused unless {@code vigil.alert.webhooks.allow-private-targets} ({@code VIGIL_WEBHOOK_ALLOW_PRIVATE}) is true,
 * for a receiver inside the same network. Checked when a subscription is made and again before every delivery, since
 * a name's addresses may change in between.
 */
@Component
class WebhookTargets {

    private final boolean allowPrivate;

    WebhookTargets(@Value("${vigil.alert.webhooks.allow-private-targets:false}") boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Why webhooks may not be sent to this URL, or empty if they may; the reason names no address. */
    Optional<String> refusal(String url) {
        return OutboundTargets.refusal(url, allowPrivate, "url",
                "webhooks go to public addresses only (vigil.alert.webhooks.allow-private-targets)");
    }
}
