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
 * caller allows private targets (a receiver inside the same network). IPv6 addresses that carry an IPv4 address are
 * judged by it: IPv4-mapped and -compatible ({@code ::ffff:0:0/96}), NAT64 ({@code 64:ff9b::/96}, RFC 6052) and 6to4
 * ({@code 2002::/16}, RFC 3056), so that a NAT64 or 6to4 gateway cannot relay to an internal IPv4 address; the
 * local-use NAT64 prefix ({@code 64:ff9b:1::/48}, RFC 8215) is refused outright, its embedding depends on the site.
 *
 * <p>Callers check when the target is registered ({@link #refusal}); deliveries go through {@link OutboundHttp}, which
 * checks the addresses it resolves for each connection and connects to exactly those, so that a name whose addresses
 * change between a check and the connection (DNS rebinding) cannot lead a delivery into the network.
 */
public final class OutboundTargets {

    /** Resolves a host name to its addresses: the system resolver, or a fake in tests. */
    @FunctionalInterface
    public interface Resolver {

        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    static final Resolver SYSTEM = InetAddress::getAllByName;

    private OutboundTargets() {
    }

    /**
     * Why requests may not go to {@code url}, or empty if they may; the reason names no address.
     *
     * @param field how the client named the URL (e.g. {@code url}, {@code channel.endpoint}), to start each reason
     * @param privateRefusal the end of the reason when the host is not public, e.g. which setting allows it
     */
    public static Optional<String> refusal(String url, boolean allowPrivate, String field, String privateRefusal) {
        return refusal(url, allowPrivate, field, privateRefusal, SYSTEM);
    }

    static Optional<String> refusal(String url, boolean allowPrivate, String field, String privateRefusal,
            Resolver resolver) {
        Optional<String> malformed = malformed(url, field);
        if (malformed.isPresent() || allowPrivate) {
            return malformed;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host(URI.create(url)));
        } catch (UnknownHostException | SecurityException e) {
            return Optional.of(field + "'s host cannot be resolved, so it cannot be checked to be a public address");
        }
        return refusal(addresses, field, privateRefusal);
    }

    /** Why requests may not go to these addresses of a target, or empty if they are all public. */
    static Optional<String> refusal(InetAddress[] addresses, String field, String privateRefusal) {
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return Optional.of(field + "'s host resolves to a loopback, link-local, private or multicast address; "
                        + privateRefusal);
            }
        }
        return Optional.empty();
    }

    /** The host of a URL, without the brackets of an IPv6 literal. */
    static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Why {@code url} is not an absolute http(s) URL without user info, or empty if it is one. */
    static Optional<String> malformed(String url, String field) {
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
                return isPublicIpv4(b, 12); // ::a.b.c.d or ::ffff:a.b.c.d
            }
            boolean nat64Prefix = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
            if (nat64Prefix && b[4] == 0 && b[5] == 1) {
                return false; // local-use NAT64, 64:ff9b:1::/48 (RFC 8215): where the IPv4 address sits is local
            }
            boolean wellKnownNat64 = nat64Prefix;
            for (int i = 4; i < 12; i++) {
                wellKnownNat64 &= b[i] == 0;
            }
            if (wellKnownNat64) {
                return isPublicIpv4(b, 12); // 64:ff9b::a.b.c.d (RFC 6052)
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return isPublicIpv4(b, 2); // 6to4, 2002:AABB:CCDD::/48 (RFC 3056)
            }
        }
        return true;
    }

    /** Judges the IPv4 address an IPv6 address carries at {@code offset}. */
    private static boolean isPublicIpv4(byte[] b, int offset) {
        try {
            return isPublic(InetAddress.getByAddress(new byte[] {b[offset], b[offset + 1], b[offset + 2],
                b[offset + 3]}));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
