package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/docs} merges the documents the services serve at /v3/api-docs (played here by in-test servers, two of
 * which define a schema of the same name differently and an operation id of the same name), without a token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vigil.gateway.api-docs.public-url=https://vigil.example.org", TestTls.SELF_SIGNED,
                TestTls.NO_HTTP_PORT})
@ActiveProfiles("demo")
class ApiDocsIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PROBLEM = """
            {"type": "object", "properties": {"detail": {"type": "string"}}}""";
    static final String BEARER = """
            {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}""";

    static final Downstream ingest = service("ingest", """
            "/api/v1/readings": {"post": {"operationId": "post", "tags": ["readings-controller"],
              "security": [{"deviceToken": []}],
              "responses": {"202": {"description": "Accepted"},
                            "4XX": {"$ref": "#/components/responses/Problem"}}}}""", """
            "deviceToken": {"type": "http", "scheme": "bearer"}, "bearerJwt": %s""".formatted(BEARER), "");
    static final Downstream vitals = service("vitals", """
            "/api/v1/patients/{id}": {"get": {"operationId": "read", "tags": ["patient-controller"],
              "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
              "responses": {"200": {"description": "OK", "content": {"application/json":
                {"schema": {"$ref": "#/components/schemas/Patient"}}}}}}}""", """
            "bearerJwt": %s""".formatted(BEARER), """
            "Patient": {"type": "object", "properties": {"id": {"type": "string"}}}""");
    static final Downstream alert = service("alert", """
            "/api/v1/alerts/{id}": {"get": {"operationId": "read", "tags": ["alert-controller"],
              "responses": {"200": {"description": "OK", "content": {"application/json":
                {"schema": {"$ref": "#/components/schemas/Alert"}}}}}}},
            "/api/v1/alerts/stream": {"get": {"operationId": "stream",
              "responses": {"200": {"description": "OK", "content": {"text/event-stream":
                {"schema": {"type": "string"}}}}}}}""", """
            "bearerJwt": %s""".formatted(BEARER), """
            "Patient": {"type": "object", "properties": {"patientId": {"type": "string"}}},
            "Alert": {"type": "object", "properties": {"patient": {"$ref": "#/components/schemas/Patient"}}}""");
    static final Downstream audit = service("audit", """
            "/api/v1/audit/verify": {"get": {"operationId": "verify", "responses": {"200": {"description": "OK"}}}}""",
            """
            "bearerJwt": %s""".formatted(BEARER), "");
    static final TestIssuer issuer = new TestIssuer("https://issuer.test");
    static HttpClient http;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("VIGIL_INGEST_URL", ingest::url);
        registry.add("VIGIL_VITALS_URL", vitals::url);
        registry.add("VIGIL_ALERT_URL", alert::url);
        registry.add("VIGIL_AUDIT_URL", audit::url);
        registry.add("VIGIL_OAUTH_ISSUER", () -> issuer.issuer);
        registry.add("VIGIL_OAUTH_JWKS_URI", issuer::jwksUri);
    }

    @BeforeAll
    static void trustTheGateway() {
        http = TestTls.client().build();
    }

    @AfterAll
    static void stop() {
        ingest.close();
        vitals.close();
        alert.close();
        audit.close();
        issuer.close();
    }

    @Test
    void theMergedDocumentHasEveryServicesPathsBehindTheGatewaysUrlWithoutAToken() throws Exception {
        HttpResponse<String> response = get("/api/docs", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode document = JSON.readTree(response.body());
        assertThat(document.path("openapi").asString()).isEqualTo("3.1.0");
        assertThat(document.path("info").path("title").asString()).isEqualTo("Vigil API");
        assertThat(document.path("servers")).hasSize(1);
        assertThat(document.path("servers").path(0).path("url").asString()).isEqualTo("https://vigil.example.org");
        assertThat(names(document.path("paths"))).containsExactly("/api/v1/readings", "/api/v1/patients/{id}",
                "/api/v1/alerts/{id}", "/api/v1/alerts/stream", "/api/v1/audit/verify");
        assertThat(document.path("security").toString()).isEqualTo("[{\"bearerJwt\":[]}]");
        assertThat(names(document.path("components").path("securitySchemes")))
                .containsExactlyInAnyOrder("deviceToken", "bearerJwt");
        JsonNode readings = document.path("paths").path("/api/v1/readings").path("post");
        assertThat(readings.path("security").toString()).isEqualTo("[{\"deviceToken\":[]}]");
        assertThat(readings.path("x-vigil-service").asString()).isEqualTo("ingest");
        assertThat(document.at("/paths/~1api~1v1~1alerts~1stream/get/responses/200/content").has("text/event-stream"))
                .isTrue();
    }

    @Test
    void clashingNamesAreMadeUniqueSoThatAGeneratedClientCompiles() throws Exception {
        JsonNode document = JSON.readTree(get("/api/docs", null).body());

        // The same operation id in two services: qualified by the service.
        assertThat(document.at("/paths/~1api~1v1~1patients~1{id}/get/operationId").asString()).isEqualTo("vitalsRead");
        assertThat(document.at("/paths/~1api~1v1~1alerts~1{id}/get/operationId").asString()).isEqualTo("alertRead");
        assertThat(document.at("/paths/~1api~1v1~1alerts~1{id}/get/tags/0").asString())
                .isEqualTo("alert-alert-controller");
        // Two different schemas named Patient: vitals' keeps the name, alert's is renamed and referred to as such.
        JsonNode schemas = document.path("components").path("schemas");
        assertThat(schemas.path("Patient").path("properties").has("id")).isTrue();
        assertThat(schemas.path("AlertPatient").path("properties").has("patientId")).isTrue();
        assertThat(schemas.path("Alert").at("/properties/patient/$ref").asString())
                .isEqualTo("#/components/schemas/AlertPatient");
        assertThat(document.at("/paths/~1api~1v1~1patients~1{id}/get/responses/200/content/application~1json/schema/$ref")
                .asString()).isEqualTo("#/components/schemas/Patient");
        // Identical ones are kept once.
        assertThat(names(schemas)).containsExactlyInAnyOrder("ProblemDetail", "Patient", "AlertPatient", "Alert");
    }

    @Test
    void aTokenThatIsNoLongerValidDoesNotStandInTheWay() throws Exception {
        HttpResponse<String> response = get("/api/docs", "not-a-jwt");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void oneServicesDocumentIsServedWithTheGatewaysUrl() throws Exception {
        HttpResponse<String> response = get("/api/docs/alert", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode document = JSON.readTree(response.body());
        assertThat(names(document.path("paths"))).containsExactly("/api/v1/alerts/{id}", "/api/v1/alerts/stream");
        assertThat(document.path("servers").path(0).path("url").asString()).isEqualTo("https://vigil.example.org");
        assertThat(document.at("/paths/~1api~1v1~1alerts~1{id}/get/operationId").asString()).isEqualTo("read");
    }

    @Test
    void anUnknownServiceIs404ProblemJsonListingTheKnownOnes() throws Exception {
        HttpResponse<String> response = get("/api/docs/fhir", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("'fhir'", "ingest, vitals, alert, audit");
    }

    @Test
    void writingToTheDocumentIsNotAnonymous() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/docs"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    /** A service serving an OpenAPI 3.1 document with these paths, security schemes and schemas at /v3/api-docs. */
    static Downstream service(String name, String paths, String securitySchemes, String schemas) {
        Downstream service = new Downstream(name);
        String document = """
                {"openapi": "3.1.0", "info": {"title": "Vigil %s-service API", "version": "0.1.0-SNAPSHOT"},
                 "servers": [{"url": "http://localhost:8082", "description": "Generated server url"}],
                 "security": [{"bearerJwt": []}],
                 "paths": {%s},
                 "components": {"schemas": {"ProblemDetail": %s%s},
                   "responses": {"Problem": {"description": "failed", "content": {"application/problem+json":
                     {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}}}},
                   "securitySchemes": {%s}}}"""
                .formatted(name, paths, PROBLEM, schemas.isEmpty() ? "" : ", " + schemas, securitySchemes);
        JSON.readTree(document);
        byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        service.serve("/v3/api-docs", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        return service;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.properties().forEach(entry -> names.add(entry.getKey()));
        return names;
    }

    private HttpResponse<String> get(String path, @org.jspecify.annotations.Nullable String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("https://localhost:" + port + path);
    }
}
