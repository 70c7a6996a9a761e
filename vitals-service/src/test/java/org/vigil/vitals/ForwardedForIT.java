package org.vigil.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.vigil.common.events.AuditRecorded;
import org.vigil.testsupport.TestIssuer;

/**
 * X-Forwarded-For is believed only from the gateway (issue 13). Here the gateway is elsewhere (a documentation
 * block), so this test, reaching vitals-service directly from loopback, is an untrusted peer: the address it forges is
 * not what the audit trail records, its real one is.
 */
@TestPropertySource(properties = "vigil.http.trusted-proxies=192.0.2.0/24")
class ForwardedForIT extends IntegrationTest {

    private static final AuditRecords AUDIT = new AuditRecords();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterAll
    static void close() {
        AUDIT.close();
    }

    @Test
    void aForgedForwardedForFromAnUntrustedPeerIsRecordedWithItsRealAddress() throws Exception {
        String patient = createPatient();
        String correlation = "xff-" + UUID.randomUUID();

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/patients/" + patient))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestIssuer.clinician("stranger-" + UUID.randomUUID()))
                .header("X-Correlation-Id", correlation)
                .header("X-Forwarded-For", "203.0.113.66")
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        AuditRecorded record = AUDIT.ofRequest(correlation, r -> true).orElseThrow();
        assertThat(record.outcome()).isEqualTo(AuditRecorded.DENIED);
        assertThat(record.sourceAddress()).isEqualTo("127.0.0.1");
    }
}
