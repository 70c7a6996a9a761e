package org.vigil.alert.ward;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.server.ResponseStatusException;
import org.vigil.service.security.ServiceTokenUnavailableException;
import org.vigil.service.security.ServiceTokens;

/**
 * Patients' names, identifiers and care teams, from vitals-service's internal {@code POST
 * /internal/v1/patient-summaries} with this service's own access token (scope {@code vigil.internal}), as
 * {@code technical/VitalsDevices} fetches devices. One call per ward request (a scope of more than
 * {@link #MAX_IDS} patients takes one per {@value #MAX_IDS}). Vitals unreachable, refusing or slow, or no service token:
 * 503, since a ward without names cannot be shown.
 */
@Component
class VitalsPatients {

    static final String PATH = "/internal/v1/patient-summaries";
    static final int MAX_IDS = 2000;

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CareTeam(String id, @Nullable String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Summary(String id, @Nullable String family, @Nullable String given, @Nullable String birthDate,
            @Nullable List<String> identifiers, @Nullable List<CareTeam> careTeams) {

        List<String> identifierList() {
            return identifiers == null ? List.of() : identifiers;
        }

        List<CareTeam> careTeamList() {
            return careTeams == null ? List.of() : careTeams;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Summaries(@Nullable List<Summary> patients) {
    }

    private final RestClient http;

    VitalsPatients(@Value("${vigil.vitals.url:http://localhost:8082}") String baseUrl, ServiceTokens tokens,
            @Value("${vigil.alert.ward.vitals-timeout:PT5S}") Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(timeout);
        this.http = RestClient.builder().baseUrl(baseUrl).requestFactory(requests)
                .requestInterceptor(tokens.interceptor()).build();
    }

    /** Every patient vitals-service knows (a system-wide scope). */
    List<Summary> all() {
        return call(Map.of("all", true));
    }

    /** These patients; ids vitals-service does not know are left out. */
    List<Summary> of(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> all = List.copyOf(ids);
        List<Summary> found = new ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += MAX_IDS) {
            found.addAll(call(Map.of("ids", all.subList(from, Math.min(all.size(), from + MAX_IDS)))));
        }
        return found;
    }

    private List<Summary> call(Map<String, ?> body) {
        try {
            Summaries answer = http.post().uri(PATH).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                    .body(Summaries.class);
            return answer == null || answer.patients() == null ? List.of() : answer.patients();
        } catch (RestClientException | ServiceTokenUnavailableException e) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                    "Patient details are unavailable (vitals-service did not answer); try again shortly");
        }
    }
}
