package org.vigil.ingest.reading;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.stereotype.Component;
import org.vigil.ingest.IngestProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code {"readings": [...]}} from a request, parsing it once into a tree. The size cap holds for what is
 * actually read, so a chunked body or a Content-Length that lies cannot get more than the limit into memory.
 */
@Component
class ReadingsRequestReader {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final String EXPECTED = "expected {\"readings\": [...]}";

    private final int maxBodyBytes;
    private final int maxReadings;

    ReadingsRequestReader(IngestProperties properties) {
        this.maxBodyBytes = (int) Math.min(Integer.MAX_VALUE - 8, properties.maxBodyBytes().toBytes());
        this.maxReadings = properties.maxReadings();
    }

    /** Refuses a body that announces more than the limit, before anything else is done for the request. */
    void checkDeclaredLength(HttpServletRequest request) {
        if (request.getContentLengthLong() > maxBodyBytes) {
            throw tooLarge();
        }
    }

    /** @return the {@code readings} array, not empty and within the limit */
    JsonNode readings(HttpServletRequest request) throws IOException {
        checkDeclaredLength(request);
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBodyBytes + 1);
        }
        if (body.length > maxBodyBytes) {
            throw tooLarge();
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw BadReadingsRequestException.badRequest("the body is not valid JSON; " + EXPECTED);
        }
        if (root == null || root.isMissingNode()) {
            throw BadReadingsRequestException.badRequest("the body is empty; " + EXPECTED);
        }
        if (!root.isObject()) {
            throw BadReadingsRequestException.badRequest("the body must be a JSON object; " + EXPECTED);
        }
        JsonNode readings = root.get("readings");
        if (readings == null || !readings.isArray()) {
            throw BadReadingsRequestException.badRequest("the body has no \"readings\" array; " + EXPECTED);
        }
        if (readings.isEmpty()) {
            throw BadReadingsRequestException.badRequest("the \"readings\" array is empty");
        }
        if (readings.size() > maxReadings) {
            throw BadReadingsRequestException.tooLarge(
                    "at most " + maxReadings + " readings per request; split the batch");
        }
        return readings;
    }

    private BadReadingsRequestException tooLarge() {
        return BadReadingsRequestException.tooLarge("the body is larger than " + maxBodyBytes + " bytes");
    }
}
