package org.vigil.fhir.subscription;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where notifications may go (OWASP API7:2023, server-side request forgery), the rules of alert-service's webhooks: an
 * absolute http or https URL without user info, whose host resolves only to public addresses. Loopback, link-local
 * (cloud metadata), private, carrier-grade NAT, multicast and unspecified addresses are refused unless
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
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("channel.endpoint must be an absolute http or https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("channel.endpoint must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("channel.endpoint must not carry a user name or password (use channel.header)");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException | SecurityException e) {
            return Optional.of("channel.endpoint's host cannot be resolved, so it cannot be checked to be public");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return Optional.of("channel.endpoint's host resolves to a loopback, link-local, private or multicast "
                        + "address; notifications go to public addresses only");
            }
        }
        return Optional.empty();
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress() || address.isAnyLocalAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0
                    && !(first == 100 && second >= 64 && second < 128)
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    && first < 240;
        }
        if (address instanceof Inet6Address) {
            if (((b[0] & 0xff) & 0xfe) == 0xfc) {
                return false;
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
