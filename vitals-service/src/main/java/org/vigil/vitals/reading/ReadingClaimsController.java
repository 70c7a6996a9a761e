package org.vigil.vitals.reading;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.vitals.Problems;
import org.vigil.vitals.device.DeviceCredentials;

/** Reading claims for ingest-service (not routed by the gateway); see "Exactly once, end to end". */
@RestController
@RequestMapping("/internal/v1/devices/{deviceId}/reading-claims")
class ReadingClaimsController {

    static final int MAX_IDS = 10_000;

    private final ReadingClaims claims;
    private final DeviceCredentials credentials;

    ReadingClaimsController(ReadingClaims claims, DeviceCredentials credentials) {
        this.claims = claims;
        this.credentials = credentials;
    }

    /**
     * @param tokenHash the SHA-256 of the token the device sent; when given, nothing is claimed unless it is valid for
     *     the device right now, so a revocation takes effect at once even while ingest still caches the device
     */
    record ReadingIds(@Nullable List<String> readingIds, @Nullable String tokenHash) {
    }

    record Claimed(List<String> claimed) {
    }

    @PostMapping
    Claimed claim(@PathVariable String deviceId, @RequestBody ReadingIds request) {
        String device = checkedDevice(deviceId);
        List<String> ids = distinct(request);
        if (request.tokenHash() != null
                && !credentials.isValid(device, request.tokenHash().toLowerCase(Locale.ROOT))) {
            throw credentialsRevoked();
        }
        return new Claimed(claims.claim(device, ids));
    }

    private static ErrorResponseException credentialsRevoked() {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.UNAUTHORIZED);
        problem.setTitle("Device credentials revoked");
        problem.setDetail("The device's token is no longer valid (revoked, or replaced and past its grace period); "
                + "nothing was claimed.");
        problem.setProperty("reason", "credentials-revoked");
        return new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
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
