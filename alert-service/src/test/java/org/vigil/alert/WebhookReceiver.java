package org.vigil.alert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP server in the test that records every webhook POSTed to it; it answers 500 to the first {@code failFirst}
 * requests whose body matches {@code failWhen}, 200 to the rest.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** A request as received: the signature headers and the exact body bytes. */
    public record Received(Map<String, List<String>> headers, byte[] body, int answered) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().getFirst()).orElse(null);
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public WebhookReceiver(int failFirst, Predicate<String> failWhen) {
        AtomicInteger failuresLeft = new AtomicInteger(failFirst);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            int status = failWhen.test(text) && failuresLeft.getAndDecrement() > 0 ? 500 : 200;
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public WebhookReceiver() {
        this(0, body -> false);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Received> received(Predicate<String> bodyMatches) {
        return received.stream().filter(r -> bodyMatches.test(r.text())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
