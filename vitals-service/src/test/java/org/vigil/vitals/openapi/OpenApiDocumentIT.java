package org.vigil.vitals.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.vigil.testsupport.OpenApiContract;
import org.vigil.vitals.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document at /v3/api-docs, read without a token, against the handler methods the service really has. */
class OpenApiDocumentIT extends IntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    @Test
    void theDocumentIsOpenApi31ReadableWithoutATokenAndMatchesEveryApiEndpoint() {
        Response response = get("/v3/api-docs", null);

        assertThat(response.status()).isEqualTo(200);
        JsonNode document = response.json();
        assertThat(document.path("openapi").asString()).startsWith("3.1.");
        assertThat(document.path("info").path("title").asString()).isEqualTo("Vigil vitals-service API");
        assertThat(document.path("security").toString()).isEqualTo("[{\"bearerJwt\":[]}]");
        OpenApiContract.check(response.raw().body(), handlers, "/api/");
        assertThat(document.path("paths").propertyNames()).noneMatch(path -> path.startsWith("/internal"));
    }
}
