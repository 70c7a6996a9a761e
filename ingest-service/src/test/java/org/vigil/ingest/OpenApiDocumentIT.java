package org.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.vigil.testsupport.OpenApiContract;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document at /v3/api-docs, read without a token, against the handler methods the service really has; the
 * readings endpoint's device token, body and 202, which ReadingsDocumentation adds, as a device maker would read them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN"})
class OpenApiDocumentIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final FakeVitalsService VITALS = new FakeVitalsService();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", VigilInfrastructure::kafkaBootstrapServers);
        registry.add("vigil.ingest.vitals-url", VITALS::url);
        TestIssuer.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    @Test
    void theDocumentIsOpenApi31ReadableWithoutATokenAndMatchesEveryApiEndpoint() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v3/api-docs")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = JSON.readTree(response.body());
        assertThat(document.path("openapi").asString()).startsWith("3.1.");
        assertThat(document.path("info").path("title").asString()).isEqualTo("Vigil ingest-service API");
        OpenApiContract.check(response.body(), handlers, "/api/");

        JsonNode post = document.at("/paths/~1api~1v1~1readings/post");
        assertThat(post.path("security").toString()).isEqualTo("[{\"deviceToken\":[]}]");
        assertThat(document.at("/components/securitySchemes/deviceToken/scheme").asString()).isEqualTo("bearer");
        assertThat(post.path("parameters").toString()).doesNotContain("Authorization");
        assertThat(post.at("/requestBody/required").asBoolean()).isTrue();
        assertThat(post.at("/requestBody/content/application~1json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/ReadingsRequest");
        assertThat(document.at("/components/schemas/Reading/properties/type/enum").toString())
                .contains("\"heart-rate\"", "\"blood-pressure\"", "\"rr-intervals\"", "\"fall\"");
        assertThat(post.at("/responses/202/content/application~1json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/IngestResponse");
        assertThat(post.path("responses").has("200")).isFalse();
        assertThat(document.at("/components/schemas/IngestResponse/required").toString())
                .isEqualTo("[\"accepted\",\"duplicates\",\"rejected\"]");
        assertThat(document.at("/components/schemas/Rejected/required").toString())
                .isEqualTo("[\"error\",\"index\",\"reason\"]");
        assertThat(post.at("/responses/4XX/$ref").asString()).isEqualTo("#/components/responses/Problem");
    }
}
