package org.vigil.fhir.subscription;

import java.util.Optional;
import org.springframework.stereotype.Component;
import org.vigil.service.OutboundTargets;

/**
 * Where notifications may go: service-support's {@link OutboundTargets} rules (server-side request forgery), the same
 * as alert-service's webhooks; private targets refused unless
 * {@code vigil.fhir.subscriptions.allow-private-targets}. Checked when a Subscription is created or updated and again
 * before every attempt, since a name's addresses may change.
 */
@Component
class SubscriptionTargets {

    private final boolean allowPrivate;

    SubscriptionTargets(SubscriptionProperties properties) {
        this.allowPrivate = properties.allowPrivateTargets();
    }

    /** Why notifications may not go to this URL, or empty if they may; the reason names no address. */
    Optional<String> refusal(String url) {
        return OutboundTargets.refusal(url, allowPrivate, "channel.endpoint",
                "notifications go to public addresses only (vigil.fhir.subscriptions.allow-private-targets)");
    }
}
