package org.vigil.alert.news2;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.alert.history.RecentValue;
import org.vigil.alert.history.RecentValues;
import org.vigil.alert.rule.Breach;
import org.vigil.alert.rule.Clear;
import org.vigil.alert.rule.PatientContext;
import org.vigil.alert.rule.ReadingRule;
import org.vigil.alert.rule.Severity;
import org.vigil.alert.rule.Signal;
import org.vigil.alert.rule.Worse;
import org.vigil.common.events.ReadingRecorded;

/**
 * Scores NEWS2 whenever one of its parameters arrives, as of that reading's time, from the latest value of each
 * parameter at or before it within {@code vigil.alert.news2.freshness} (default 60 minutes), stores the score, and
 * raises the {@code news2} alert when the risk band rises above the previous complete score's (severity: the band), or
 * resolves it when the band is back to low. Only complete scores raise or clear; a score older than the patient's
 * newest one (a backlog) is stored but changes no alert, since the condition it shows was already over.
 */
@Component
class News2Rule implements ReadingRule {

    static final String RULE_ID = "news2";

    private final RecentValues history;
    private final News2Scores scores;
    private final News2Settings settings;
    private final Duration freshness;
    private final Clock clock;

    News2Rule(RecentValues history, News2Scores scores, News2Settings settings,
            @Value("${vigil.alert.news2.freshness:PT60M}") Duration freshness, Clock clock) {
        this.history = history;
        this.scores = scores;
        this.settings = settings;
        this.freshness = freshness;
        this.clock = clock;
    }

    @Override
    public List<Signal> evaluate(ReadingRecorded reading, PatientContext context) {
        Optional<News2Parameter> parameter = News2Parameter.of(reading);
        if (parameter.isEmpty()) {
            return List.of();
        }
        Double value = parameter.get().valueOf(reading);
        if (value == null) {
            return List.of();
        }
        String patient = reading.patientId();
        history.record(patient, parameter.get().key(), reading.time(), value, reading.eventId());

        List<String> keys = Arrays.stream(News2Parameter.values()).map(News2Parameter::key).toList();
        Map<News2Parameter, Double> values = new EnumMap<>(News2Parameter.class);
        List<UUID> basedOn = new java.util.ArrayList<>();
        for (RecentValue latest : history.latest(patient, keys, reading.time().minus(freshness), reading.time())) {
            News2Parameter p = Arrays.stream(News2Parameter.values()).filter(x -> x.key().equals(latest.parameter()))
                    .findFirst().orElseThrow();
            values.put(p, latest.value());
            basedOn.add(latest.readingId());
        }
        News2Scorer.Result result = News2Scorer.score(values, settings.scaleOf(patient));
        Optional<UUID> stored = scores.insert(patient, result, reading.time(), basedOn, reading.eventId(),
                clock.instant());
        if (stored.isEmpty() || !result.complete() || scores.existsAfter(patient, reading.time())) {
            return List.of();
        }
        Severity risk = java.util.Objects.requireNonNull(result.risk());
        Optional<Severity> previous = scores.previousCompleteRisk(patient, reading.time(), stored.get())
                .map(Severity::fromCode);
        Severity before = previous.orElse(Severity.LOW);
        if (risk.compareTo(before) > 0) {
            return List.of(new Breach(RULE_ID, RULE_ID, Breach.CLINICAL, risk, message(result.total(), risk),
                    result.total(), null, Worse.HIGHER, reading));
        }
        if (risk == Severity.LOW && before != Severity.LOW) {
            return List.of(new Clear(patient, RULE_ID, reading.time(),
                    "NEWS2 back to " + result.total() + " (low clinical risk)"));
        }
        return List.of();
    }

    /** E.g. "NEWS2 5: medium clinical risk (urgent response)". */
    static String message(Integer total, Severity risk) {
        String response = switch (risk) {
            case LOW -> "ward-based response";
            case LOW_MEDIUM -> "urgent ward-based response: a single parameter scores 3";
            case MEDIUM -> "key threshold for urgent response";
            case HIGH -> "urgent or emergency response";
        };
        return "NEWS2 " + total + ": " + risk.code() + " clinical risk (" + response + ")";
    }
}
