package org.vigil.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Profile demo only: a plain-HTTP listener on {@code vigil.gateway.http-port} that answers every request with a
 * redirect to the same path on the HTTPS port (301 for GET and HEAD, 308 for the rest, which keeps the method and
 * body) and serves nothing else. Started once the HTTPS server is up, so that it knows its port.
 */
@Component
@Profile("demo")
class HttpsRedirectServer implements ApplicationListener<ReactiveWebServerInitializedEvent>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpsRedirectServer.class);
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");

    private final int configuredPort;
    private volatile @Nullable DisposableServer server;

    HttpsRedirectServer(@Value("${vigil.gateway.http-port:8080}") int configuredPort) {
        this.configuredPort = configuredPort;
    }

    @Override
    public synchronized void onApplicationEvent(ReactiveWebServerInitializedEvent event) {
        if (server != null || event.getApplicationContext().getParent() != null) {
            return;
        }
        int httpsPort = event.getWebServer().getPort();
        server = HttpServer.create().port(configuredPort)
                .handle((request, response) -> redirect(request, response, httpsPort))
                .bindNow();
        log.info("Plain HTTP on port {} redirects to HTTPS on port {} (profile demo)", port(), httpsPort);
    }

    /** The port the redirect listener is bound to (useful when configured as 0). */
    int port() {
        DisposableServer current = server;
        return current != null ? current.port() : -1;
    }

    private static Mono<Void> redirect(HttpServerRequest request, HttpServerResponse response, int httpsPort) {
        boolean safe = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        return response.status(safe ? HttpResponseStatus.MOVED_PERMANENTLY : HttpResponseStatus.PERMANENT_REDIRECT)
                .header(HttpHeaderNames.LOCATION, location(request.requestHeaders().get(HttpHeaderNames.HOST),
                        request.uri(), httpsPort))
                .header(HttpHeaderNames.CONTENT_LENGTH, "0")
                .send();
    }

    /** The https URL of the same host name and path; a Host header that is not a plain host name becomes localhost. */
    static String location(@Nullable String hostHeader, String uri, int httpsPort) {
        String host = hostHeader == null ? "" : hostHeader.strip();
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            host = host.substring(0, colon);
        }
        if (!HOST.matcher(host).matches()) {
            host = "localhost";
        }
        String path = uri.startsWith("/") && !uri.startsWith("//") ? uri : "/";
        return "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort) + path;
    }

    @Override
    public void close() {
        DisposableServer current = server;
        if (current != null) {
            current.disposeNow();
        }
    }
}
