package org.vigil.audit.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.vigil.audit.IntegrationTest;
import org.vigil.testsupport.OpenApiContract;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document at /v3/api-docs, read without a token, against the handler methods the service really has. */
class OpenApiDocumentIT extends IntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    @Test
    void theDocumentIsOpenApi31ReadableWithoutATokenAndMatchesEveryApiEndpoint() throws Exception {
        Response response = get("/v3/api-docs", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        Files.writeString(Path.of("target/openapi.json"), response.raw().body());
        JsonNode document = response.json();
        assertThat(document.path("openapi").asString()).startsWith("3.1.");
        assertThat(document.path("info").path("title").asString()).isEqualTo("Vigil audit-service API");
        OpenApiContract.check(response.raw().body(), handlers, "/api/");
    }
}
