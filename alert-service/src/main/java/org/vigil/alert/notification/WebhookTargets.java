package org.vigil.alert.notification;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where webhooks may go (OWASP API7:2023, server-side request forgery): an absolute http or https URL whose host
 * resolves only to public addresses. Loopback, link-local (cloud metadata at 169.254.169.254), private (10/8,
 * 172.16/12, 192.168/16, fc00::/7, fec0::/10), carrier-grade NAT (100.64/10), multicast and unspecified addresses are
 * refused, unless {@code vigil.alert.webhooks.allow-private-targets} ({@code VIGIL_WEBHOOK_ALLOW_PRIVATE}) is true,
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
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("url must be an absolute http or https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("url must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("url must not carry a user name or password");
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
            return Optional.of("url's host cannot be resolved, so it cannot be checked to be a public address");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return Optional.of("url's host resolves to a loopback, link-local, private or multicast address; "
                        + "webhooks go to public addresses only (vigil.alert.webhooks.allow-private-targets)");
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
            return first != 0 // "this network"
                    && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT, 100.64/10
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && first < 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // unique local, fc00::/7
            }
            boolean mappedOrCompatible = true;
            for (int i = 0; i < 10; i++) {
                mappedOrCompatible &= b[i] == 0;
            }
            if (mappedOrCompatible && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
                // ::a.b.c.d or ::ffff:a.b.c.d: judge the IPv4 address inside.
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
