package org.vigil.alert.technical;

import com.fasterxml.jackson.annotation.JsonAlias;
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
import org.vigil.service.security.ServiceTokens;

/**
 * Devices and their assignments, from vitals-service's internal {@code GET /internal/v1/devices/{id}} (the same shape
 * as its public {@code GET /api/v1/devices/{id}}), with this service's own access token (scope
 * {@code vigil.internal}). No token to be had is a dependency failure like vitals being down: the caller retries.
 */
@Component
class VitalsDevices {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Assignment(String patientId, Instant from, @Nullable Instant to) {

        boolean coversTime(Instant time) {
            return !from.isAfter(time) && (to == null || to.isAfter(time));
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Device(@JsonAlias("deviceId") String id, @Nullable List<Assignment> assignments) {

        /** The assignment in force at {@code time}, if any. */
        Optional<Assignment> assignmentAt(Instant time) {
            return assignments == null ? Optional.empty()
                    : assignments.stream().filter(a -> a.coversTime(time)).reduce((first, later) -> later);
        }
    }

    private final RestClient http;

    static final String PATH = "/internal/v1/devices/{id}";

    VitalsDevices(@Value("${vigil.vitals.url:http://localhost:8082}") String baseUrl, ServiceTokens tokens) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(Duration.ofSeconds(10));
        this.http = RestClient.builder().baseUrl(baseUrl).requestFactory(requests)
                .requestInterceptor(tokens.interceptor()).build();
    }

    /**
     * The device, empty if vitals-service does not know it; other failures (vitals unreachable or refusing, no service
     * token: {@code ServiceTokenUnavailableException}) throw, for the caller to retry.
     */
    Optional<Device> find(String deviceId) {
        try {
            return Optional.ofNullable(http.get().uri(PATH, deviceId).retrieve().body(Device.class));
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
