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
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.vigil.alert.alert.AlertStore;
import org.vigil.alert.rule.Breach;
import org.vigil.alert.rule.Clear;
import org.vigil.alert.rule.PatientContext;
import org.vigil.alert.rule.ReadingRule;
import org.vigil.alert.rule.Signal;
import org.vigil.alert.ward.LatestValues;
import org.vigil.alert.ward.WardStream;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.service.KafkaCorrelation;

/**
 * Runs every {@link ReadingRule} on a batch of readings and applies their signals (raise, update, resolve), in one
 * transaction that commits before the batch's offsets do.
 */
@Component
class ReadingEvaluator {

    /** A decoded reading with its record and the correlation id it came with (header first, event field second). */
    record Received(ConsumerRecord<byte[], byte[]> record, ReadingRecorded reading, @Nullable String correlationId) {
    }

    /** A reading a rule failed on: a bug, not a state that retrying fixes, so it is dead-lettered. */
    record Unevaluable(ConsumerRecord<byte[], byte[]> record, String reason) {
    }

    private record Applied(Signal signal, AlertStore.Outcome outcome) {
    }

    private static final Logger log = LoggerFactory.getLogger(ReadingEvaluator.class);

    private final List<ReadingRule> rules;
    private final AlertStore alerts;
    private final TransactionTemplate batchTransaction;
    private final TransactionTemplate readingSavepoint;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer writes;
    private final LatestValues latestValues;
    private final WardStream ward;

    ReadingEvaluator(List<ReadingRule> rules, AlertStore alerts, PlatformTransactionManager transactions, Clock clock,
            MeterRegistry meters, LatestValues latestValues, WardStream ward) {
        this.rules = List.copyOf(rules);
        this.alerts = alerts;
        this.latestValues = latestValues;
        this.ward = ward;
        this.batchTransaction = new TransactionTemplate(transactions);
        this.readingSavepoint = new TransactionTemplate(transactions);
        this.readingSavepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
        this.meters = meters;
        this.writes = Timer.builder("vigil.alerts.db.write")
                .description("Time to evaluate and write one batch, in one transaction")
                .register(meters);
    }

    /**
     * Evaluates every rule on every reading of the batch and applies their signals, in one transaction, each reading in
     * a savepoint of its own (a database error propagates, for the container to retry the batch).
     *
     * @return the readings a rule failed on, to be dead-lettered once the transaction is committed
     */
    List<Unevaluable> evaluate(List<Received> batch) {
        List<Unevaluable> failed = new ArrayList<>();
        List<Applied> applied = writes.record(() -> batchTransaction.execute(status -> {
            failed.clear();
            List<Applied> done = new ArrayList<>();
            List<ReadingRecorded> evaluated = new ArrayList<>(batch.size());
            for (Received received : batch) {
                KafkaCorrelation.run(received.correlationId(), () -> {
                    try {
                        done.addAll(readingSavepoint.execute(savepoint -> evaluate(received.reading())));
                        evaluated.add(received.reading());
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
            // The ward's latest values: one statement for the whole batch, not a round trip per reading.
            latestValues.record(evaluated);
            return done;
        }));
        ward.changed(batch.stream().map(r -> r.reading().patientId()).distinct().toList());
        // Counted after the commit, so that a retried batch is not counted twice.
        for (Applied a : applied) {
            switch (a.signal()) {
                case Breach breach -> {
                    switch (a.outcome()) {
                        case RAISED -> meters.counter("vigil.alerts.raised", "rule", breach.ruleId(),
                                "severity", breach.severity().code()).increment();
                        case UPDATED -> meters.counter("vigil.alerts.updated", "rule", breach.ruleId()).increment();
                        default -> {
                        }
                    }
                }
                case Clear clear -> {
                    if (a.outcome() == AlertStore.Outcome.RESOLVED) {
                        meters.counter("vigil.alerts.resolved", "rule", clear.ruleId()).increment();
                    }
                }
            }
        }
        return failed;
    }

    /**
     * The signals of every rule for this reading. A reading that is not {@link ReadingRecorded#alertable()} (cancelled,
     * entered in error, no value) is seen only by the rules that {@link ReadingRule#seesUnalertable() ask for it}: it
     * is never scored (NEWS2), never counted towards a threshold or trend and never raises or clears an alert.
     */
    private List<Applied> evaluate(ReadingRecorded reading) {
        PatientContext context = new PatientContext(reading.patientId());
        List<Applied> applied = new ArrayList<>();
        boolean alertable = reading.alertable();
        for (ReadingRule rule : rules) {
            if (!alertable && !rule.seesUnalertable()) {
                continue;
            }
            for (Signal signal : rule.evaluate(reading, context)) {
                AlertStore.Outcome outcome = switch (signal) {
                    case Breach breach -> alerts.record(breach, clock.instant());
                    case Clear clear -> alerts.resolveAutomatically(clear.patientId(), clear.ruleId(), clear.at(),
                            clear.reason(), clock.instant());
                };
                applied.add(new Applied(signal, outcome));
            }
        }
        return applied;
    }
}
