package org.vigil.ingest.reading;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.ingest.device.DeviceDirectory;
import org.vigil.ingest.device.KnownDevice;
import org.vigil.service.Correlation;
import tools.jackson.databind.JsonNode;

/**
 * One request's readings through stages 2 to 4: normalise each, drop repeats within the request, claim the rest in one
 * call, publish what was claimed and wait for Kafka. If publishing fails the claims are released and the failure goes
 * up as a 503, so that nothing the device was not told about is half-accepted.
 */
@Service
class ReadingIngestion {

    private final ReadingNormaliser normaliser;
    private final DeviceDirectory devices;
    private final ReadingClaims claims;
    private final ReadingPublisher publisher;
    private final IngestMetrics metrics;
    private final Clock clock;

    ReadingIngestion(ReadingNormaliser normaliser, DeviceDirectory devices, ReadingClaims claims,
            ReadingPublisher publisher, IngestMetrics metrics, Clock clock) {
        this.normaliser = normaliser;
        this.devices = devices;
        this.claims = claims;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** @param readings a non-empty JSON array, as checked by {@link ReadingsRequestReader} */
    IngestResponse ingest(KnownDevice device, JsonNode readings) {
        Instant receivedAt = clock.instant();
        Normalisation[] outcomes = normaliseAll(device, readings, receivedAt);

        List<IngestResponse.Rejected> rejected = new ArrayList<>();
        List<NormalisedReading> candidates = new ArrayList<>(outcomes.length);
        Set<String> ids = HashSet.newHashSet(outcomes.length);
        int duplicates = 0;
        for (int i = 0; i < outcomes.length; i++) {
            switch (outcomes[i]) {
                case Normalisation.Refused refused -> {
                    rejected.add(new IngestResponse.Rejected(i, refused.readingId(), refused.reason().code(),
                            refused.error()));
                    metrics.rejected(refused.reason());
                }
                case NormalisedReading reading -> {
                    if (ids.add(reading.readingId())) {
                        candidates.add(reading);
                    } else {
                        duplicates++;
                    }
                }
            }
        }
        List<NormalisedReading> accepted = claimed(device, candidates);
        duplicates += candidates.size() - accepted.size();
        metrics.duplicates(duplicates);
        if (!accepted.isEmpty()) {
            publish(device, accepted, receivedAt);
            metrics.accepted(accepted.size());
        }
        return new IngestResponse(accepted.size(), duplicates, rejected);
    }

    private Normalisation[] normaliseAll(KnownDevice device, JsonNode readings, Instant now) {
        Normalisation[] outcomes = new Normalisation[readings.size()];
        boolean anyUnassigned = false;
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = normaliser.normalise(readings.get(i), device.device(), now);
            anyUnassigned |= isUnassigned(outcomes[i]);
        }
        if (anyUnassigned) {
            // Our copy of the assignments may predate the one that covers these readings: ask once more.
            Optional<KnownDevice> fresh = devices.refreshIfStale(device);
            if (fresh.isPresent()) {
                for (int i = 0; i < outcomes.length; i++) {
                    if (isUnassigned(outcomes[i])) {
                        outcomes[i] = normaliser.normalise(readings.get(i), fresh.get().device(), now);
                    }
                }
            }
        }
        return outcomes;
    }

    private static boolean isUnassigned(Normalisation outcome) {
        return outcome instanceof Normalisation.Refused refused && refused.reason() == RejectionReason.UNASSIGNED;
    }

    private List<NormalisedReading> claimed(KnownDevice device, List<NormalisedReading> candidates) {
        if (candidates.isEmpty()) {
            return candidates;
        }
        List<String> ids = new ArrayList<>(candidates.size());
        for (NormalisedReading reading : candidates) {
            ids.add(reading.readingId());
        }
        Set<String> claimed = claims.claim(device, ids);
        if (claimed.size() >= candidates.size() && claimed.containsAll(ids)) {
            return candidates;
        }
        List<NormalisedReading> accepted = new ArrayList<>(claimed.size());
        for (NormalisedReading reading : candidates) {
            if (claimed.contains(reading.readingId())) {
                accepted.add(reading);
            }
        }
        return accepted;
    }

    private void publish(KnownDevice device, List<NormalisedReading> accepted, Instant receivedAt) {
        String correlationId = MDC.get(Correlation.MDC_KEY);
        List<ReadingRecorded> events = new ArrayList<>(accepted.size());
        for (NormalisedReading reading : accepted) {
            events.add(reading.toEvent(UUID.randomUUID(), receivedAt, correlationId));
        }
        try {
            publisher.publish(events, correlationId);
        } catch (RuntimeException e) {
            List<String> ids = new ArrayList<>(accepted.size());
            for (NormalisedReading reading : accepted) {
                ids.add(reading.readingId());
            }
            claims.release(device.device().deviceId(), ids);
            throw e;
        }
    }
}
