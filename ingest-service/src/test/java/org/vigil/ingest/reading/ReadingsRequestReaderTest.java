package org.vigil.ingest.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;
import org.vigil.ingest.IngestProperties;

class ReadingsRequestReaderTest {

    private final ReadingsRequestReader reader = new ReadingsRequestReader(new IngestProperties(DataSize.ofKilobytes(64),
            10, URI.create("http://localhost:1"), Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(1),
            Duration.ofMinutes(5), Duration.ofSeconds(20), Duration.ofSeconds(5),
            new IngestProperties.RateLimit(20, 40),
                new IngestProperties.RefusalLimits(1, 20, 20, 200, java.time.Duration.ofSeconds(60),
                        java.time.Duration.ofSeconds(60), 10_000)));

    private static MockHttpServletRequest request(String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/readings");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    @Test
    void aBodyWithoutDeviceIdsIsTheTokensDevicesOwn() throws Exception {
        assertThat(reader.readings(request("{\"readings\": [{\"id\": \"r1\"}, 5]}"), "dev-1")).hasSize(2);
    }

    @Test
    void namingTheTokensOwnDeviceOrNullIsAccepted() throws Exception {
        assertThat(reader.readings(request("""
                {"deviceId": "dev-1", "readings": [{"id": "r1", "deviceId": "dev-1"}, {"id": "r2", "deviceId": null}]}"""),
                "dev-1")).hasSize(2);
    }

    @Test
    void anotherDeviceAtTheTopLevelIsRefused() {
        assertThatThrownBy(() -> reader.readings(request("""
                {"deviceId": "dev-2", "readings": [{"id": "r1"}]}"""), "dev-1"))
                .isInstanceOfSatisfying(ForeignDeviceException.class, e -> {
                    assertThat(e.deviceId()).isEqualTo("dev-1");
                    assertThat(e.getMessage()).startsWith("deviceId is not the device this token belongs to")
                            .doesNotContain("dev-2");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"dev-2\"", "\"DEV-1\"", "\"\"", "17", "[\"dev-1\"]"})
    void anythingButTheOwnIdInAReadingIsRefusedNamingTheReading(String deviceId) {
        assertThatThrownBy(() -> reader.readings(request("""
                {"readings": [{"id": "r1"}, {"id": "r2", "deviceId": %s}]}""".formatted(deviceId)), "dev-1"))
                .isInstanceOf(ForeignDeviceException.class)
                .hasMessageStartingWith("readings[1].deviceId is not the device this token belongs to");
    }
}
