package org.vigil.alert.ward;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * {@code technical/VitalsDevices} fetches devices. A patient's summary is kept for {@code
 * vigil.alert.ward.patient-cache-ttl} (15 s): names, identifiers and care-team names change rarely, and a ward of 500
 * patients read every few seconds by every clinician would otherwise cost vitals-service a 500-row query each time
 * (docs/ward-benchmark.md). Who may see which patient is never taken from here: the access scope is decided per request
 * (PatientAccess). What is not cached, or is older, is fetched in one call (one per {@value #MAX_IDS} patients).
 * Vitals unreachable, refusing or slow, or no service token: 503, since a ward without names cannot be shown.
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

    /** Beyond this many cached patients the cache starts again, so that memory stays bounded. */
    static final int MAX_CACHED = 100_000;

    private record Cached(Summary summary, long fetchedAtNanos) {
    }

    private final RestClient http;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final long ttlNanos;

    VitalsPatients(@Value("${vigil.vitals.url:http://localhost:8082}") String baseUrl, ServiceTokens tokens,
            @Value("${vigil.alert.ward.vitals-timeout:PT5S}") Duration timeout,
            @Value("${vigil.alert.ward.patient-cache-ttl:PT15S}") Duration ttl) {
        this.ttlNanos = ttl.toNanos();
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

    /** These patients, in their order; ids vitals-service does not know are left out. */
    List<Summary> of(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        long now = System.nanoTime();
        Map<String, Summary> known = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            Cached cached = cache.get(id);
            if (cached != null && now - cached.fetchedAtNanos() < ttlNanos) {
                known.put(id, cached.summary());
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            if (cache.size() + missing.size() > MAX_CACHED) {
                cache.clear();
            }
            for (int from = 0; from < missing.size(); from += MAX_IDS) {
                for (Summary summary : call(Map.of("ids",
                        missing.subList(from, Math.min(missing.size(), from + MAX_IDS))))) {
                    known.put(summary.id(), summary);
                    cache.put(summary.id(), new Cached(summary, now));
                }
            }
        }
        List<Summary> found = new ArrayList<>(known.size());
        for (String id : ids) {
            Summary summary = known.get(id);
            if (summary != null) {
                found.add(summary);
            }
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
