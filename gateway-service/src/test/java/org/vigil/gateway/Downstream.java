package org.vigil.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A service behind the gateway, played by an in-test HTTP server: it answers every request with what it received
 * (its own name, method, path and query, and the headers the gateway is meant to set), after an optional delay.
 */
final class Downstream implements AutoCloseable {

    private final String name;
    private final Duration delay;
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** A request as the service received it. */
    record Received(String method, String uri, Headers headers) {

        @Nullable String header(String name) {
            return headers.getFirst(name);
        }
    }

    Downstream(String name, Duration delay) {
        this.name = name;
        this.delay = delay;
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::echo);
        // A thread per request: a slow or streaming answer must not hold up the requests of the next tests.
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    Downstream(String name) {
        this(name, Duration.ZERO);
    }

    /** Answers {@code path} (and below) with {@code handler} instead of the echo. */
    void serve(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler);
    }

    /** Every request that reached this service, in order (the echo's; a {@link #serve} handler records nothing). */
    List<Received> received() {
        return received;
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    private void echo(HttpExchange exchange) throws IOException {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.getRequestBody().readAllBytes();
        var headers = exchange.getRequestHeaders();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers));
        String body = """
                {"service": "%s", "method": "%s", "uri": "%s", "correlationId": "%s", "host": "%s",
                 "forwardedHost": "%s", "forwardedProto": "%s", "forwardedPort": "%s"}"""
                .formatted(name, exchange.getRequestMethod(), exchange.getRequestURI(),
                        headers.getFirst("X-Correlation-Id"), headers.getFirst("Host"),
                        headers.getFirst("X-Forwarded-Host"), headers.getFirst("X-Forwarded-Proto"),
                        headers.getFirst("X-Forwarded-Port"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
