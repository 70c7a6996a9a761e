package org.vigil.ingest.device;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.vigil.ingest.DependencyUnavailableException;
import org.vigil.ingest.VitalsHttp;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /internal/v1/devices/by-token-hash/{hash}} of vitals-service. */
@Component
class VitalsDevices {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final VitalsHttp http;

    VitalsDevices(VitalsHttp http) {
        this.http = http;
    }

    /** The device holding the token with this SHA-256 hex hash, if any device does. */
    Optional<Device> findByTokenHash(String tokenHash) {
        var response = http.get("/internal/v1/devices/by-token-hash/" + tokenHash);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() == 401) {
            http.ourTokenRefused(response);
        }
        if (response.statusCode() != 200) {
            throw new DependencyUnavailableException(
                    "vitals-service answered " + response.statusCode() + " to a device lookup");
        }
        try {
            return Optional.of(MAPPER.readValue(response.body(), DeviceView.class).toDevice());
        } catch (JacksonException | NullPointerException e) {
            throw new DependencyUnavailableException("vitals-service answered a device lookup with an unreadable body",
                    e);
        }
    }

    /** The wire shape, read tolerantly: unknown fields ignored, a missing list is an empty one. */
    record DeviceView(String deviceId, @Nullable Boolean active, @Nullable List<AssignmentView> assignments,
            @Nullable Instant tokenIssuedAt) {

        Device toDevice() {
            List<Device.Assignment> history = new ArrayList<>();
            if (assignments != null) {
                for (AssignmentView a : assignments) {
                    history.add(new Device.Assignment(a.patientId(), a.from(), a.to(), a.endRecordedAt()));
                }
            }
            return new Device(deviceId, Boolean.TRUE.equals(active), history, tokenIssuedAt);
        }
    }

    record AssignmentView(String patientId, Instant from, @Nullable Instant to, @Nullable Instant endRecordedAt) {
    }
}
