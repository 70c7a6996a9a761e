package org.vigil.service;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * POSTs to targets clients registered (alert webhooks, FHIR rest-hook notifications) so that a delivery reaches only
 * an address that was checked ({@link OutboundTargets}): every connection resolves the host once, refuses it unless
 * all its addresses are public (when private targets are not allowed), and connects to exactly those addresses. A name
 * that resolved to a public address when checked and resolves into the network a moment later (DNS rebinding) is
 * therefore refused, never connected to. The request keeps the original host name: the {@code Host} header, TLS SNI
 * and certificate verification all use it.
 *
 * <p>No redirects are followed, nothing is retried, no cookies are kept; connect and read time out after the
 * timeout, and a whole attempt is cancelled once it has taken longer.
 */
public final class OutboundHttp implements AutoCloseable {

    /** The target was refused; the message says why and names no address. */
    public static final class RefusedTargetException extends UnknownHostException {

        private static final long serialVersionUID = 1L;

        RefusedTargetException(String reason) {
            super(reason);
        }
    }

    /** One request header. */
    public record Header(String name, String value) {
    }

    private final String field;
    private final CloseableHttpClient client;
    private final Duration timeout;
    private final ScheduledThreadPoolExecutor deadlines;

    /**
     * @param field how clients name the URL, to start refusal reasons
     * @param privateRefusal the end of the reason when a host is not public, e.g. which setting allows it
     */
    public OutboundHttp(boolean allowPrivate, Duration timeout, String field, String privateRefusal) {
        this(allowPrivate, timeout, field, privateRefusal, OutboundTargets.SYSTEM);
    }

    OutboundHttp(boolean allowPrivate, Duration timeout, String field, String privateRefusal,
            OutboundTargets.Resolver resolver) {
        this.field = field;
        this.timeout = timeout;
        Timeout limit = Timeout.of(timeout);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckingResolver(resolver, allowPrivate, field, privateRefusal))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit)
                                .setSocketTimeout(limit).build())
                        .setMaxConnTotal(64)
                        .setMaxConnPerRoute(8)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(limit)
                        .setResponseTimeout(limit).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
        this.deadlines = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "outbound-http-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    /**
     * POSTs {@code body} (an empty one if null) and answers the response's status code; the response body is not read.
     *
     * @throws RefusedTargetException the URL is malformed or its host resolves to an address not allowed
     * @throws HttpTimeoutException connecting, the answer, or the whole attempt took longer than the timeout
     * @throws IOException any other failure to send or receive
     */
    public int post(String url, List<Header> headers, byte @Nullable [] body, @Nullable String contentType)
            throws IOException {
        Optional<String> malformed = OutboundTargets.malformed(url, field);
        if (malformed.isPresent()) {
            throw new RefusedTargetException(malformed.get());
        }
        HttpPost post = new HttpPost(URI.create(url));
        for (Header header : headers) {
            post.addHeader(header.name(), header.value());
        }
        // No body is an empty one, with Content-Length: 0, which some receivers require of a POST.
        post.setEntity(body == null ? new ByteArrayEntity(new byte[0], null)
                : new ByteArrayEntity(body,
                        contentType == null ? ContentType.APPLICATION_OCTET_STREAM : ContentType.parse(contentType)));
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            late.set(true);
            post.cancel();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try (ClassicHttpResponse response = client.executeOpen(null, post, null)) {
            // Closed unread: the connection is discarded rather than drained from a receiver that may not stop.
            return response.getCode();
        } catch (IOException e) {
            RefusedTargetException refused = refusal(e);
            if (refused != null) {
                throw refused;
            }
            if (late.get() || e instanceof SocketTimeoutException) {
                throw new HttpTimeoutException("timeout");
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    private static @Nullable RefusedTargetException refusal(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RefusedTargetException refused) {
                return refused;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }

    /** Resolves once per connection and hands on only addresses that passed the check. */
    private record CheckingResolver(OutboundTargets.Resolver resolver, boolean allowPrivate, String field,
            String privateRefusal) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            InetAddress[] addresses;
            try {
                addresses = resolver.resolve(bare);
            } catch (UnknownHostException | SecurityException e) {
                if (allowPrivate) {
                    throw e;
                }
                throw new RefusedTargetException(field
                        + "'s host cannot be resolved, so it cannot be checked to be a public address");
            }
            if (!allowPrivate) {
                Optional<String> refused = OutboundTargets.refusal(addresses, field, privateRefusal);
                if (refused.isPresent()) {
                    throw new RefusedTargetException(refused.get());
                }
            }
            return addresses;
        }

        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            List<InetSocketAddress> endpoints = new ArrayList<>();
            for (InetAddress address : resolve(host)) {
                endpoints.add(new InetSocketAddress(address, port));
            }
            return endpoints;
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            // Only used for Kerberos (SPNEGO), which these requests never do; never a second lookup.
            return host;
        }
    }
}
