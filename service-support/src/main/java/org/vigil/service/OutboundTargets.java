package org.vigil.service;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a service may send requests a client asked for (webhooks, FHIR rest-hook notifications): OWASP API7:2023,
 * server-side request forgery. An absolute http or https URL without user info, whose host resolves only to public
 * addresses. Loopback, link-local (cloud metadata at 169.254.169.254), private (10/8, 172.16/12, 192.168/16, fc00::/7,
 * fec0::/10), carrier-grade NAT (100.64/10), multicast, reserved and unspecified addresses are refused unless the
 * caller allows private targets (a receiver inside the same network). Callers check when the target is registered and
 * again before every delivery, since a name's addresses may change in between.
 */
public final class OutboundTargets {

    private OutboundTargets() {
    }

    /**
     * Why requests may not go to {@code url}, or empty if they may; the reason names no address.
     *
     * @param field how the client named the URL (e.g. {@code url}, {@code channel.endpoint}), to start each reason
     * @param privateRefusal the end of the reason when the host is not public, e.g. which setting allows it
     */
    public static Optional<String> refusal(String url, boolean allowPrivate, String field, String privateRefusal) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of(field + " must be an absolute http or https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of(field + " must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of(field + " must not carry a user name or password");
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
            return Optional.of(field + "'s host cannot be resolved, so it cannot be checked to be a public address");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return Optional.of(field + "'s host resolves to a loopback, link-local, private or multicast address; "
                        + privateRefusal);
            }
        }
        return Optional.empty();
    }

    public static boolean isPublic(InetAddress address) {
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
            if ((b[0] & 0xfe) == 0xfc) {
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
