package org.vigil.fhir.subscription;

import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.vigil.service.OutboundHttp;
import org.vigil.service.OutboundTargets;

/**
 * Where notifications may go: service-support's {@link OutboundTargets} rules (server-side request forgery), the same
 * as alert-service's webhooks; private targets refused unless
 * {@code vigil.fhir.subscriptions.allow-private-targets}. Checked when a Subscription is created or updated, and by
 * every attempt's connection ({@link #client}): the address it connects to is the one it checked, so that a name whose
 * addresses change in between (DNS rebinding) cannot lead a notification into the network.
 */
@Component
class SubscriptionTargets {

    private static final String PRIVATE_REFUSAL =
            "notifications go to public addresses only (vigil.fhir.subscriptions.allow-private-targets)";

    private final boolean allowPrivate;

    SubscriptionTargets(SubscriptionProperties properties) {
        this.allowPrivate = properties.allowPrivateTargets();
    }

    /** Why notifications may not go to this URL, or empty if they may; the reason names no address. */
    Optional<String> refusal(String url) {
        return OutboundTargets.refusal(url, allowPrivate, "channel.endpoint", PRIVATE_REFUSAL);
    }

    /** A client that sends only to endpoints these rules allow, checked as it connects. */
    OutboundHttp client(Duration timeout) {
        return new OutboundHttp(allowPrivate, timeout, "channel.endpoint", PRIVATE_REFUSAL);
    }
}
