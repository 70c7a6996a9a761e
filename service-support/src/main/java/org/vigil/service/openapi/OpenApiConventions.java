package org.vigil.service.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

/**
 * The parts of every Vigil service's document that no controller says: callers present an OAuth2 access token (a JWT
 * from the Vigil issuer, docs/security.md), and any failed call is answered with RFC 9457 problem details, which
 * {@code spring.mvc.problemdetails}, the services' own advice and service-support's security write alike. Each
 * operation without a 4xx or 5xx of its own gets the generic {@code 4XX} and {@code 5XX} (OpenAPI's status ranges),
 * so that generated clients read an error body as a problem rather than as the success type.
 */
final class OpenApiConventions implements GlobalOpenApiCustomizer {

    static final String BEARER_JWT = "bearerJwt";
    static final String PROBLEM_SCHEMA = "ProblemDetail";
    static final String PROBLEM_RESPONSE = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";

    private final String serviceName;

    OpenApiConventions(String serviceName) {
        this.serviceName = serviceName;
    }

    @Override
    public void customise(OpenAPI openApi) {
        Info info = openApi.getInfo() != null ? openApi.getInfo() : new Info();
        if (info.getTitle() == null || info.getTitle().equals("OpenAPI definition")) {
            info.setTitle("Vigil " + serviceName);
        }
        openApi.setInfo(info);

        Components components = openApi.getComponents() != null ? openApi.getComponents() : new Components();
        openApi.setComponents(components);
        components.addSecuritySchemes(BEARER_JWT, new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .bearerFormat("JWT")
                .description("An OAuth2 access token issued by Vigil's issuer (auth-service, /oauth2/token through the "
                        + "gateway): RS256, audience 'vigil'. What each role and scope may reach is in docs/security.md."));
        if (openApi.getSecurity() == null || openApi.getSecurity().isEmpty()) {
            openApi.setSecurity(List.of(new SecurityRequirement().addList(BEARER_JWT)));
        }

        components.addSchemas(PROBLEM_SCHEMA, problemSchema());
        components.addResponses(PROBLEM_RESPONSE, new ApiResponse()
                .description("The call failed; 'detail' says why, for a person (RFC 9457 problem details)")
                .content(new Content().addMediaType(PROBLEM_JSON,
                        new MediaType().schema(new JsonSchema().$ref(PROBLEM_SCHEMA)))));

        if (openApi.getPaths() != null) {
            for (PathItem path : openApi.getPaths().values()) {
                for (Operation operation : path.readOperations()) {
                    ApiResponses responses = operation.getResponses() != null ? operation.getResponses()
                            : new ApiResponses();
                    operation.setResponses(responses);
                    addUnlessCovered(responses, '4');
                    addUnlessCovered(responses, '5');
                }
            }
        }
    }

    private static void addUnlessCovered(ApiResponses responses, char statusClass) {
        boolean covered = responses.keySet().stream().anyMatch(code -> code.charAt(0) == statusClass);
        if (!covered) {
            responses.addApiResponse(statusClass + "XX",
                    new ApiResponse().$ref("#/components/responses/" + PROBLEM_RESPONSE));
        }
    }

    /** RFC 9457 section 3.1; extension members (such as a refusal's {@code errors}) are allowed. */
    private static Schema<?> problemSchema() {
        return new JsonSchema()
                .types(Set.of("object"))
                .description("RFC 9457 problem details")
                .addProperty("type", text("A URI reference identifying the problem type; 'about:blank' when none")
                        .format("uri-reference"))
                .addProperty("title", text("A short summary of the problem type"))
                .addProperty("status", new JsonSchema().types(Set.of("integer")).format("int32")
                        .description("The HTTP status code"))
                .addProperty("detail", text("What went wrong with this request, for a person"))
                .addProperty("instance", text("The request path").format("uri-reference"))
                .additionalProperties(Boolean.TRUE);
    }

    private static Schema<?> text(String description) {
        return new JsonSchema().types(Set.of("string")).description(description);
    }
}
