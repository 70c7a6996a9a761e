package org.vigil.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigil.testsupport.ChunkedBody;
import org.vigil.testsupport.TestIssuer;

/** service-support's body limit (vigil.http.max-body-size, 2 MiB) holds for a chunked body, whose size nobody declared. */
class BodyLimitIT extends IntegrationTest {

    @Test
    void aChunkedBodyOverTheLimitIs413ProblemJson() throws Exception {
        ChunkedBody.Response response = ChunkedBody.post(port, "/api/v1/devices", TestIssuer.admin(),
                "application/json", 3L * 1024 * 1024);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.head()).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(response.body()).contains("\"status\":413",
                "The chunked request body exceeds this service's limit of 2097152 bytes");
    }
}
