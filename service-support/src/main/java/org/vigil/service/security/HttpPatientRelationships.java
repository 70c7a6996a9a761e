package org.vigil.service.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Asks vitals-service whom a person is related to, and remembers each answer for a few seconds. */
final class HttpPatientRelationships implements PatientRelationships {

    private static final int MAX_ENTRIES = 10_000;

    private final RestClient http;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(List<Relationship> relationships, Instant expires) {
    }

    record Answer(String subject, List<Relationship> patients) {
    }

    HttpPatientRelationships(URI vitalsUrl, ServiceTokens tokens, Duration ttl, Clock clock) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(2));
        requests.setReadTimeout(Duration.ofSeconds(5));
        this.http = RestClient.builder().baseUrl(vitalsUrl.toString()).requestFactory(requests)
                .requestInterceptor(tokens.interceptor()).build();
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public List<Relationship> of(String subject) {
        Instant now = clock.instant();
        Cached cached = cache.get(subject);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.relationships();
        }
        List<Relationship> fresh = fetch(subject);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(subject, new Cached(fresh, now.plus(ttl)));
        return fresh;
    }

    private List<Relationship> fetch(String subject) {
        try {
            @Nullable Answer answer = http.get().uri("/internal/v1/subjects/{subject}/patients", subject)
                    .retrieve().body(Answer.class);
            return answer == null ? List.of() : List.copyOf(answer.patients());
        } catch (RestClientException | ServiceTokenUnavailableException e) {
            throw new RelationshipsUnavailableException();
        }
    }
}
