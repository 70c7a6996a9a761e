package org.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What one caller can make the platform hold (issue 13, item 7), through the gateway as a user comes: a body of
 * undeclared length over the limit, made-up device tokens sent in a loop, event streams opened in a loop, sign-ins
 * started in a loop. Each ends in a 413 or 429 problem+json (with Retry-After) while the genuine callers beside them go
 * on. The tests that exhaust a per-address limit connect from an address of their own (127.0.0.x), so that the other
 * tests, from 127.0.0.1, are not held up.
 */
class ResourceLimitsIT {

    private static Platform platform;
    private static Api admin;
    private static Api.Device device;

    @BeforeAll
    static void aPatientWithADevice() {
        platform = Platform.get();
        admin = new Api(platform.gateway());
        String patient = admin.createPatient("Limits", "Resource");
        device = admin.registerDevice("Acme Medical");
        admin.assign(device.id(), patient, Instant.now().minus(Duration.ofHours(1)));
    }

    @Test
    void aChunkedBodyOverTheGatewaysLimitIs413ProblemJsonOnAPublicEndpoint() throws IOException {
        // 3 MiB announced nowhere, to the endpoint that takes no access token: the gateway counts and cuts it off.
        String response = postChunked("/api/v1/readings", null, 3 * 1024 * 1024);

        assertThat(statusOf(response)).as(response).isEqualTo(413);
        assertThat(response).containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"status\":413", "2097152");
    }

    @Test
    void aChunkedBodyOverIngestsLimitIs413ProblemJsonThroughTheGateway() throws IOException {
        // Within the gateway's 2 MiB, over ingest's 1 MiB for readings: ingest counts what arrives undeclared.
        String response = postChunked("/api/v1/readings", device.token(), 1536 * 1024);

        assertThat(statusOf(response)).as(response).isEqualTo(413);
        assertThat(response).containsIgnoringCase("Content-Type: application/problem+json").contains("413");
    }

    @Test
    void madeUpDeviceTokensGet401sThen429WithRetryAfterWhileARealDeviceStillPosts() throws Exception {
        Api from4 = admin.anonymous().from(InetAddress.getByName("127.0.0.4"));
        String body = "[" + Api.reading("lim-" + UUID.randomUUID(), "heart-rate", 72, "/min",
                Instant.now().minusSeconds(5)) + "]";
        assertThat(from4.postReadings(device.token(), body).status()).isEqualTo(202);

        List<Integer> statuses = new ArrayList<>();
        Api.Response limited = null;
        for (int i = 0; i < 200 && limited == null; i++) {
            Api.Response response = from4.postReadings("made-up-" + UUID.randomUUID(), body);
            statuses.add(response.status());
            assertThat(response.contentType()).startsWith("application/problem+json");
            if (response.status() == 429) {
                limited = response;
            }
        }

        assertThat(limited).as("429 within 200 made-up tokens, got %s", statuses).isNotNull();
        assertThat(statuses.subList(0, statuses.size() - 1)).isNotEmpty().containsOnly(401);
        assertThat(limited.raw().headers().firstValue("Retry-After").orElse("")).matches("[1-9][0-9]*");
        assertThat(limited.json().get("detail").asString()).isNotBlank();

        String another = "[" + Api.reading("lim-" + UUID.randomUUID(), "heart-rate", 73, "/min",
                Instant.now().minusSeconds(2)) + "]";
        assertThat(from4.postReadings(device.token(), another).status()).as("the real device, same address")
                .isEqualTo(202);
    }

    @Test
    void theSixthEventStreamOfOneSignedInClinicianIs429() throws Exception {
        BrowserSession ben = BrowserSession.signIn("ben", "ben-demo-password", InetAddress.getByName("127.0.0.5"));
        // Streams of ben left by an earlier test end at alert-service's next heartbeat (15 s): try again after it.
        int opened = 0;
        for (int attempt = 1; attempt <= 3 && opened != 5; attempt++) {
            List<HttpResponse<Stream<String>>> streams = new ArrayList<>();
            try {
                HttpResponse<Stream<String>> refused = null;
                while (refused == null && streams.size() < 6) {
                    HttpResponse<Stream<String>> response = openStream(ben.client(),
                            streams.size() % 2 == 0 ? "/api/v1/alerts/stream" : "/api/v1/ward/stream");
                    if (response.statusCode() == 200) {
                        streams.add(response);
                    } else {
                        refused = response;
                    }
                }
                opened = streams.size();
                assertThat(refused).as("a stream beyond the cap is refused").isNotNull();
                if (opened == 5) {
                    assertThat(refused.statusCode()).isEqualTo(429);
                    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
                            .startsWith("application/problem+json");
                    assertThat(refused.headers().firstValue("Retry-After").orElse("")).matches("[1-9][0-9]*");
                    assertThat(refused.body().collect(Collectors.joining())).contains("\"status\":429")
                            .contains("vigil.streams.max-per-caller");
                } else {
                    refused.body().close();
                }
            } finally {
                streams.forEach(s -> s.body().close());
            }
            if (opened != 5) {
                Platform.sleep(Duration.ofSeconds(20));
            }
        }
        assertThat(opened).as("streams open when the next was refused").isEqualTo(5);
    }

    @Test
    void aBurstOfAnonymousSignInStartsIs429WhileASignedInSessionFromTheSameAddressWorks() throws Exception {
        InetAddress local = InetAddress.getByName("127.0.0.6");
        BrowserSession ada = BrowserSession.signIn("ada", "ada-demo-password", local);
        try (HttpClient anonymous = HttpClient.newBuilder().localAddress(local)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> limited = null;
            int started = 0;
            for (int i = 0; i < 300 && limited == null; i++) {
                HttpResponse<String> response = anonymous.send(HttpRequest.newBuilder(platform.gateway()
                        .resolve("/session")).header("Accept", "text/html").timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 429) {
                    limited = response;
                } else {
                    assertThat(response.statusCode()).isEqualTo(302);
                    started++;
                }
            }

            assertThat(limited).as("429 within 300 anonymous sign-in starts").isNotNull();
            // vigil.gateway.sign-in.burst (50) less ada's own start, plus what refilled meanwhile (1 a second).
            assertThat(started).isBetween(49, 49 + 30);
            assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(limited.headers().firstValue("Retry-After").orElse("")).matches("[1-9][0-9]*");
            assertThat(limited.body()).contains("\"status\":429");
        }
        Api.Response me = ada.api().get("/session");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body()).contains("\"ada\"");
    }

    private static HttpResponse<Stream<String>> openStream(HttpClient browser, String path) throws Exception {
        return browser.sendAsync(HttpRequest.newBuilder(platform.gateway().resolve(path))
                        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines())
                .get(15, TimeUnit.SECONDS);
    }

    /** A chunked POST written on a TLS socket (java.net.http gives up when the answer comes before the body is sent). */
    private static String postChunked(String path, String bearer, int bytes) throws IOException {
        URI gateway = platform.gateway();
        try (SSLSocket socket = (SSLSocket) SSLSocketFactory.getDefault().createSocket(gateway.getHost(),
                gateway.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + gateway.getAuthority() + "\r\n"
                    + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n")
                    + "Content-Type: application/json\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try {
                for (int sent = 0; sent < bytes; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedByTheServer) {
                // It answered and closed without reading the rest; the answer is still there to read.
            }
            var in = socket.getInputStream();
            var answer = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                // Closed with our unread chunks in its buffer; what came before stands.
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static int statusOf(String response) {
        String[] statusLine = response.split("\r\n", 2)[0].split(" ");
        return statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
    }
}
