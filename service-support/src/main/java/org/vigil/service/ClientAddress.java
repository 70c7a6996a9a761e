package org.vigil.service;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Where a request came from, for the audit trail's "from where" (issue 13). {@code X-Forwarded-For} is believed only
 * when the direct peer is a trusted proxy ({@code vigil.http.trusted-proxies}, addresses or CIDR blocks: the
 * gateway), and then only its last hop, the one that proxy appended; hops before it are whatever the caller wrote.
 * Anyone else reaching a service directly is recorded with their own address, whatever header they send. As a filter
 * it puts the answer in the request attribute {@link #ATTRIBUTE} before anything that audits runs.
 */
public final class ClientAddress extends OncePerRequestFilter {

    public static final String ATTRIBUTE = ClientAddress.class.getName();
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final List<Block> trusted;

    /** @param trustedProxies addresses ({@code 127.0.0.1}) or CIDR blocks ({@code 10.42.0.0/16}, {@code ::1/128}) */
    public ClientAddress(List<String> trustedProxies) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : trustedProxies) {
            if (!entry.isBlank()) {
                blocks.add(Block.parse(entry.strip()));
            }
        }
        this.trusted = List.copyOf(blocks);
    }

    /** The caller's address: the trusted proxy's last X-Forwarded-For hop, else the peer itself. */
    public String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!trusts(peer)) {
            return peer;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].strip();
        return last.isEmpty() ? peer : last;
    }

    boolean trusts(String address) {
        byte @Nullable [] bytes = literal(address);
        return bytes != null && trusted.stream().anyMatch(b -> b.contains(bytes));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(ATTRIBUTE, of(request));
        chain.doFilter(request, response);
    }

    /** The bytes of an IP address literal; never a DNS look-up (names are not addresses here). */
    private static byte @Nullable [] literal(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IPV4.matcher(t).matches() && !IPV6.matcher(t).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Block(byte[] network, int prefix) {

        static Block parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte @Nullable [] bytes = literal(address);
            if (bytes == null) {
                throw new IllegalArgumentException("vigil.http.trusted-proxies: '" + entry
                        + "' is not an IP address or CIDR block");
            }
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("vigil.http.trusted-proxies: '" + entry
                            + "' has a bad prefix length");
                }
            }
            return new Block(bytes, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
