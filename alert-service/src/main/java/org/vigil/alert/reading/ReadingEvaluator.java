package org.vigil.alert.reading;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.alert.alert.AlertStore;
import org.vigil.alert.rule.Breach;
import org.vigil.alert.rule.PatientContext;
import org.vigil.alert.rule.RuleBook;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.service.Correlation;

/** Evaluates the rules against a batch of readings and records every breach as an alert, in one transaction. */
@Component
class ReadingEvaluator {

    /** A decoded reading with the correlation id it came with (header first, event field second). */
    record Received(ReadingRecorded reading, @Nullable String correlationId) {
    }

    private record Found(Breach breach, @Nullable String correlationId) {
    }

    private final RuleBook rules;
    private final AlertStore alerts;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer writes;

    ReadingEvaluator(RuleBook rules, AlertStore alerts, TransactionTemplate transaction, Clock clock,
            MeterRegistry meters) {
        this.rules = rules;
        this.alerts = alerts;
        this.transaction = transaction;
        this.clock = clock;
        this.meters = meters;
        this.writes = Timer.builder("vigil.alerts.db.write")
                .description("Time to write one batch's alerts, in one transaction")
                .register(meters);
    }

    void evaluate(List<Received> batch) {
        List<Found> found = new ArrayList<>();
        for (Received received : batch) {
            withCorrelation(received.correlationId(), () -> {
                ReadingRecorded reading = received.reading();
                for (Breach breach : rules.evaluate(reading, new PatientContext(reading.patientId()))) {
                    found.add(new Found(breach, received.correlationId()));
                }
            });
        }
        if (found.isEmpty()) {
            return;
        }
        List<AlertStore.Outcome> outcomes = writes.record(() -> transaction.execute(status -> {
            List<AlertStore.Outcome> done = new ArrayList<>(found.size());
            for (Found f : found) {
                withCorrelation(f.correlationId(), () -> done.add(alerts.record(f.breach(), clock.instant())));
            }
            return done;
        }));
        // Counted after the commit, so that a retried batch is not counted twice.
        for (int i = 0; i < found.size(); i++) {
            Breach breach = found.get(i).breach();
            switch (outcomes.get(i)) {
                case RAISED -> meters.counter("vigil.alerts.raised", "rule", breach.ruleId(),
                        "severity", breach.severity().code()).increment();
                case UPDATED -> meters.counter("vigil.alerts.updated", "rule", breach.ruleId()).increment();
                case UNCHANGED -> {
                }
            }
        }
    }

    private static void withCorrelation(@Nullable String correlationId, Runnable work) {
        if (correlationId == null) {
            work.run();
            return;
        }
        MDC.put(Correlation.MDC_KEY, Correlation.acceptOrCreate(correlationId));
        try {
            work.run();
        } finally {
            MDC.remove(Correlation.MDC_KEY);
        }
    }
}
