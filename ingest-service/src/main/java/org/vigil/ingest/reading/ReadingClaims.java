package org.vigil.ingest.reading;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;
import org.vigil.ingest.DependencyUnavailableException;
import org.vigil.ingest.VitalsHttp;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stage 3, deduplicate: vitals-service's reading claims. One call claims all of a request's (device, reading id) pairs
 * at once; whatever it does not hand back was claimed before and is a duplicate, even while the first copy is still
 * on its way through Kafka.
 */
@Component
class ReadingClaims {

    private static final Logger log = LoggerFactory.getLogger(ReadingClaims.class);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final VitalsHttp http;

    ReadingClaims(VitalsHttp http) {
        this.http = http;
    }

    /** @return the ids newly claimed for this request; the others are duplicates */
    Set<String> claim(String deviceId, List<String> readingIds) {
        var response = http.postJson(path(deviceId), body(readingIds));
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
            var response = http.postJson(path(deviceId) + "/release", body(readingIds));
            if (response.statusCode() / 100 != 2) {
                log.warn("vitals-service answered {} to releasing {} reading claims", response.statusCode(),
                        readingIds.size());
            }
        } catch (DependencyUnavailableException e) {
            log.warn("Could not release {} reading claims: {}", readingIds.size(), e.getMessage());
        }
    }

    private static String path(String deviceId) {
        return "/internal/v1/devices/" + UriUtils.encodePathSegment(deviceId, java.nio.charset.StandardCharsets.UTF_8)
                + "/reading-claims";
    }

    private static byte[] body(List<String> readingIds) {
        return MAPPER.writeValueAsBytes(new ClaimRequest(readingIds));
    }

    record ClaimRequest(List<String> readingIds) {
    }
}
