package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Issue 16 at the Netty level: on a keep-alive connection, a request that arrived while the previous answer was still
 * finishing, and that is then answered at once, left the server not reading the connection any more, so the next
 * request on it waited for ever (reactor/reactor-netty#4361). Pipelining the first requests recreates that order
 * every time: a slow answer, then two immediate ones, then one more request on the same connection.
 */
class KeepAliveReadsIT {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    private DisposableServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
    }

    @Test
    void aKeepAliveConnectionIsStillReadAfterBufferedRequestsWereAnsweredAtOnce() throws IOException {
        server = KeepAliveReads.resumeReadsAfterEveryResponse(HttpServer.create().host("127.0.0.1").port(0))
                .handle((request, response) -> response.sendString(request.uri().equals("/slow")
                        ? Mono.delay(Duration.ofMillis(100)).thenReturn("slow")
                        : Mono.just("fast")))
                .bindNow(Duration.ofSeconds(10));

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write((get("/slow") + get("/fast") + get("/fast")).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponse(in)).endsWith("slow");
            assertThat(readResponse(in)).endsWith("fast");
            assertThat(readResponse(in)).endsWith("fast");

            out.write(get("/after").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200").endsWith("fast");
        }
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    /** One response with a Content-Length body (what reactor-netty sends for a single string). */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("The server closed the connection");
                }
                head.write(b);
            }
            String headers = head.toString(StandardCharsets.US_ASCII);
            int length = headers.lines().filter(line -> line.regionMatches(true, 0, "content-length:", 0, 15))
                    .mapToInt(line -> Integer.parseInt(line.substring(15).strip())).findFirst().orElseThrow();
            return headers + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("No answer within " + ANSWER_TIMEOUT + " on a keep-alive connection", e);
        }
    }
}
