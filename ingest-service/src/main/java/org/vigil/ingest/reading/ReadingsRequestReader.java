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
 *
 * <p>A device posts for itself only: the device is the one its token names, and the body needs no {@code deviceId}.
 * Fields the body does not need are otherwise ignored, but a {@code deviceId} (at the top level or in a reading) that
 * names another device refuses the whole request, rather than letting it pass for the token's device unnoticed.
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

    /**
     * @param deviceId the device the request's token belongs to
     * @return the {@code readings} array, not empty and within the limit
     * @throws ForeignDeviceException the body names another device
     */
    JsonNode readings(HttpServletRequest request, String deviceId) throws IOException {
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
        checkOwnDevice(root, "deviceId", deviceId);
        for (int i = 0; i < readings.size(); i++) {
            checkOwnDevice(readings.get(i), "readings[" + i + "].deviceId", deviceId);
        }
        return readings;
    }

    /** An absent or null {@code deviceId} is the token's device; anything but its exact id is another one. */
    private static void checkOwnDevice(JsonNode node, String where, String deviceId) {
        if (!node.isObject()) {
            return;
        }
        JsonNode named = node.get("deviceId");
        if (named == null || named.isNull()) {
            return;
        }
        if (!named.isString() || !named.asString().equals(deviceId)) {
            throw new ForeignDeviceException(deviceId, where + " is not the device this token belongs to: a device "
                    + "may post only its own readings, and it is known by its token. Nothing was accepted.");
        }
    }

    private BadReadingsRequestException tooLarge() {
        return BadReadingsRequestException.tooLarge("the body is larger than " + maxBodyBytes + " bytes");
    }
}
