package org.vigil.alert.technical;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/** Devices and their assignments, from vitals-service's {@code GET /api/v1/devices/{id}}. */
@Component
class VitalsDevices {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Assignment(String patientId, Instant from, @Nullable Instant to) {

        boolean coversTime(Instant time) {
            return !from.isAfter(time) && (to == null || to.isAfter(time));
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Device(String id, @Nullable List<Assignment> assignments) {

        /** The assignment in force at {@code time}, if any. */
        Optional<Assignment> assignmentAt(Instant time) {
            return assignments == null ? Optional.empty()
                    : assignments.stream().filter(a -> a.coversTime(time)).reduce((first, later) -> later);
        }
    }

    private final RestClient http;

    VitalsDevices(@Value("${vigil.vitals.url:http://localhost:8082}") String baseUrl) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(Duration.ofSeconds(10));
        this.http = RestClient.builder().baseUrl(baseUrl).requestFactory(requests).build();
    }

    /** The device, empty if vitals-service does not know it; other failures throw, for the caller to retry. */
    Optional<Device> find(String deviceId) {
        try {
            return Optional.ofNullable(http.get().uri("/api/v1/devices/{id}", deviceId).retrieve().body(Device.class));
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
