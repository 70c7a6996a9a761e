package org.vigil.vitals.reading;

import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.vitals.Problems;

/** Reading claims for ingest-service (not routed by the gateway); see "Exactly once, end to end". */
@RestController
@RequestMapping("/internal/v1/devices/{deviceId}/reading-claims")
class ReadingClaimsController {

    static final int MAX_IDS = 10_000;

    private final ReadingClaims claims;

    ReadingClaimsController(ReadingClaims claims) {
        this.claims = claims;
    }

    record ReadingIds(@Nullable List<String> readingIds) {
    }

    record Claimed(List<String> claimed) {
    }

    @PostMapping
    Claimed claim(@PathVariable String deviceId, @RequestBody ReadingIds request) {
        return new Claimed(claims.claim(checkedDevice(deviceId), distinct(request)));
    }

    @PostMapping("/release")
    ResponseEntity<Void> release(@PathVariable String deviceId, @RequestBody ReadingIds request) {
        claims.release(checkedDevice(deviceId), distinct(request));
        return ResponseEntity.noContent().build();
    }

    private static String checkedDevice(String deviceId) {
        return Problems.required("deviceId", deviceId, 64);
    }

    private static List<String> distinct(ReadingIds request) {
        if (request.readingIds() == null) {
            throw Problems.badRequest("readingIds is required");
        }
        if (request.readingIds().size() > MAX_IDS) {
            throw Problems.badRequest("readingIds must hold at most " + MAX_IDS + " ids");
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String id : request.readingIds()) {
            ids.add(Problems.required("readingIds[]", id, 128));
        }
        return List.copyOf(ids);
    }
}
