package org.vigil.ingest.reading;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;
import org.vigil.ingest.DependencyUnavailableException;
import org.vigil.ingest.VitalsHttp;
import org.vigil.ingest.device.DeviceDirectory;
import org.vigil.ingest.device.InvalidDeviceTokenException;
import org.vigil.ingest.device.KnownDevice;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stage 3, deduplicate: vitals-service's reading claims. One call claims all of a request's (device, reading id) pairs
 * at once; whatever it does not hand back was claimed before and is a duplicate, even while the first copy is still
 * on its way through Kafka.
 *
 * <p>Each claim also carries the SHA-256 of the device's token, and vitals-service refuses it (401, reason
 * {@code credentials-revoked}) once that token is no longer the device's: so a revoked token stops working on its very
 * next request, however fresh our cached copy of the device.
 */
@Component
class ReadingClaims {

    private static final Logger log = LoggerFactory.getLogger(ReadingClaims.class);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final VitalsHttp http;
    private final DeviceDirectory devices;

    ReadingClaims(VitalsHttp http, DeviceDirectory devices) {
        this.http = http;
        this.devices = devices;
    }

    /**
     * @return the ids newly claimed for this request; the others are duplicates
     * @throws InvalidDeviceTokenException the device's token was revoked or replaced (it is forgotten here)
     */
    Set<String> claim(KnownDevice device, List<String> readingIds) {
        String deviceId = device.device().deviceId();
        var response = http.postJson(path(deviceId),
                MAPPER.writeValueAsBytes(new ClaimRequest(readingIds, device.tokenHash())));
        if (response.statusCode() == 401 && saysCredentialsRevoked(response.body())) {
            devices.forgetRevoked(device);
            throw InvalidDeviceTokenException.revoked(deviceId);
        }
        if (response.statusCode() == 401) {
            http.ourTokenRefused(response);
        }
        if (response.statusCode() != 200) {
            throw new DependencyUnavailableException(
                    "vitals-service answered " + response.statusCode() + " to a reading claim");
        }
        try {
            JsonNode claimed = MAPPER.readTree(response.body()).path("claimed");
            if (!claimed.isArray()) {
                throw new DependencyUnavailableException("vitals-service answered a reading claim without 'claimed'");
            }
            Set<String> ids = HashSet.newHashSet(claimed.size());
            for (JsonNode id : claimed) {
                ids.add(id.asString());
            }
            return ids;
        } catch (JacksonException e) {
            throw new DependencyUnavailableException("vitals-service answered a reading claim with an unreadable body",
                    e);
        }
    }

    /**
     * Frees claims whose readings could not be published, so that the device's retry is not called a duplicate. Best
     * effort: if it fails too, the claims go stale on their own (two minutes) and the retry after that succeeds.
     */
    void release(String deviceId, List<String> readingIds) {
        try {
            var response = http.postJson(path(deviceId) + "/release",
                    MAPPER.writeValueAsBytes(new ClaimRequest(readingIds, null)));
            if (response.statusCode() / 100 != 2) {
                log.warn("vitals-service answered {} to releasing {} reading claims", response.statusCode(),
                        readingIds.size());
            }
        } catch (DependencyUnavailableException e) {
            log.warn("Could not release {} reading claims: {}", readingIds.size(), e.getMessage());
        }
    }

    /**
     * A 401 is only the device's problem when vitals-service says so; any other 401 means it refused our own service
     * token, which is a dependency failure (503), not the device's.
     */
    private static boolean saysCredentialsRevoked(byte[] body) {
        try {
            return InvalidDeviceTokenException.CREDENTIALS_REVOKED.equals(
                    MAPPER.readTree(body).path("reason").asString(null));
        } catch (JacksonException e) {
            return false;
        }
    }

    private static String path(String deviceId) {
        return "/internal/v1/devices/" + UriUtils.encodePathSegment(deviceId, StandardCharsets.UTF_8)
                + "/reading-claims";
    }

    /** @param tokenHash the SHA-256 hex of the device's token, on claims; releases go without */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ClaimRequest(List<String> readingIds, @Nullable String tokenHash) {
    }
}
