package org.vigil.alert.reading;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
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

    /** A decoded reading with its record and the correlation id it came with (header first, event field second). */
    record Received(ConsumerRecord<byte[], byte[]> record, ReadingRecorded reading, @Nullable String correlationId) {
    }

    /** A reading a rule failed on: a bug, not a state that retrying fixes, so it is dead-lettered. */
    record Unevaluable(ConsumerRecord<byte[], byte[]> record, String reason) {
    }

    private record Found(Breach breach, @Nullable String correlationId) {
    }

    private static final Logger log = LoggerFactory.getLogger(ReadingEvaluator.class);

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

    /**
     * Records the batch's breaches in one transaction (a database error propagates, for the container to retry the
     * batch).
     *
     * @return the readings a rule failed on, to be dead-lettered once the transaction is committed
     */
    List<Unevaluable> evaluate(List<Received> batch) {
        List<Found> found = new ArrayList<>();
        List<Unevaluable> failed = new ArrayList<>();
        for (Received received : batch) {
            withCorrelation(received.correlationId(), () -> {
                ReadingRecorded reading = received.reading();
                try {
                    for (Breach breach : rules.evaluate(reading, new PatientContext(reading.patientId()))) {
                        found.add(new Found(breach, received.correlationId()));
                    }
                } catch (DataAccessException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // Only the exception's type: its message might quote the reading.
                    var origin = received.record();
                    log.error("A rule failed on {}/{}/{} with {}; dead-lettering it", origin.topic(),
                            origin.partition(), origin.offset(), e.getClass().getName());
                    failed.add(new Unevaluable(origin, "rule evaluation failed: " + e.getClass().getName()));
                }
            });
        }
        if (found.isEmpty()) {
            return failed;
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
        return failed;
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
