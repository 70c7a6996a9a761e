package org.vigil.ingest.reading;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.vigil.common.vitals.VitalType;
import org.vigil.ingest.IngestProperties;

/**
 * What springdoc cannot see in {@link ReadingsController}: the device token (an opaque bearer token, not the JWT the
 * rest of the API takes), the body (read by hand, {@link ReadingsRequestReader}, so that its size is capped while it
 * is read) with the reading types of common's catalogue, and the 202 answer.
 */
@Configuration(proxyBeanMethods = false)
class ReadingsDocumentation {

    static final String DEVICE_TOKEN = "deviceToken";
    private static final String PATH = "/api/v1/readings";

    @Bean
    OpenApiCustomizer readingsEndpointDocumentation(IngestProperties properties) {
        return openApi -> {
            openApi.getComponents().addSecuritySchemes(DEVICE_TOKEN, new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .description("The device's own token, issued by POST /api/v1/devices or "
                            + "POST /api/v1/devices/{id}/tokens (vitals-service): opaque, not a JWT."));
            openApi.getComponents().addSchemas("Reading", reading());
            openApi.getComponents().addSchemas("ReadingsRequest", new JsonSchema()
                    .types(Set.of("object"))
                    .addProperty("readings", new JsonSchema().types(Set.of("array"))
                            .items(new JsonSchema().$ref("Reading"))
                            .minItems(1)
                            .maxItems(properties.maxReadings()))
                    .required(List.of("readings")));
            PathItem path = openApi.getPaths() == null ? null : openApi.getPaths().get(PATH);
            Operation post = path == null ? null : path.getPost();
            if (post == null) {
                return;
            }
            post.setSecurity(List.of(new SecurityRequirement().addList(DEVICE_TOKEN)));
            if (post.getParameters() != null) {
                // The token is the security scheme; OpenAPI ignores an Authorization header parameter anyway.
                post.getParameters().removeIf(p -> "header".equals(p.getIn())
                        && "Authorization".equalsIgnoreCase(p.getName()));
            }
            post.setRequestBody(new RequestBody().required(true).content(new Content().addMediaType(
                    org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                    new MediaType().schema(new JsonSchema().$ref("ReadingsRequest")))));
            ApiResponses responses = post.getResponses();
            ApiResponse ok = responses.remove("200");
            if (ok != null) {
                responses.addApiResponse("202", ok.description("Kafka has the accepted readings; the others are "
                        + "listed in 'rejected' with a reason"));
            }
        };
    }

    /** One reading; which value fields apply depends on its type. */
    private static Schema<?> reading() {
        List<String> types = Arrays.stream(VitalType.values()).map(VitalType::code).toList();
        return new JsonSchema()
                .types(Set.of("object"))
                .description("A reading of one vital sign. Which value fields apply depends on 'type': a number "
                        + "'value' with 'unit' for quantities, 'systolic' and 'diastolic' with 'unit' for "
                        + "blood-pressure, an ACVPU letter for consciousness, a boolean with an optional 'flow' "
                        + "(L/min) for supplemental-oxygen, 'values' for rr-intervals, none for fall.")
                .addProperty("id", text("The device's own id of the reading: a retry with the same id is counted "
                        + "as a duplicate, not stored twice").maxLength(ReadingNormaliser.MAX_ID_LENGTH))
                .addProperty("type", new JsonSchema().types(Set.of("string"))._enum(types)
                        .description("The vital sign, from Vigil's catalogue"))
                .addProperty("time", text("When it was measured (ISO-8601 instant; for rr-intervals the window's "
                        + "start); at most 5 minutes ahead").format("date-time"))
                .addProperty("value", new JsonSchema().types(Set.of("number", "string", "boolean"))
                        .description("A number for quantities, an ACVPU letter (A, C, V, P, U) for consciousness, "
                                + "a boolean for supplemental-oxygen"))
                .addProperty("unit", text("UCUM or a common spelling of it, converted to the canonical unit"))
                .addProperty("systolic", number("blood-pressure"))
                .addProperty("diastolic", number("blood-pressure"))
                .addProperty("flow", number("supplemental-oxygen: litres per minute"))
                .addProperty("values", new JsonSchema().types(Set.of("array"))
                        .items(new JsonSchema().types(Set.of("number")))
                        .minItems(1).maxItems(VitalType.MAX_SERIES_VALUES)
                        .description("rr-intervals: the intervals, in 'unit' (ms or s)"))
                .addProperty("location", new JsonSchema().types(Set.of("object"))
                        .description("fall: where, optional")
                        .addProperty("lat", number("degrees, -90..90"))
                        .addProperty("lon", number("degrees, -180..180")))
                .required(List.of("id", "type", "time"));
    }

    private static Schema<?> text(String description) {
        return new JsonSchema().types(Set.of("string")).description(description);
    }

    private static Schema<?> number(String description) {
        return new JsonSchema().types(Set.of("number")).description(description);
    }
}
