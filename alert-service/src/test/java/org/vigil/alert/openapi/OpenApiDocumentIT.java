package org.vigil.alert.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.vigil.alert.IntegrationTest;
import org.vigil.testsupport.OpenApiContract;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document at /v3/api-docs, read without a token, against the handler methods the service really has; the
 * live alert stream is documented as Server-Sent Events.
 */
class OpenApiDocumentIT extends IntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    @Test
    void theDocumentIsOpenApi31ReadableWithoutATokenAndMatchesEveryApiEndpoint() throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(uri("/v3/api-docs")).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = JsonMapper.builder().build().readTree(response.body());
        assertThat(document.path("openapi").asString()).startsWith("3.1.");
        assertThat(document.path("info").path("title").asString()).isEqualTo("Vigil alert-service API");
        OpenApiContract.check(response.body(), handlers, "/api/");
        assertThat(document.at("/paths/~1api~1v1~1alerts~1stream/get/responses/200/content").propertyNames())
                .containsExactly("text/event-stream");
    }
}
