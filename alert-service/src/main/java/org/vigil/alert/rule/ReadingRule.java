package org.vigil.alert.rule;

import java.util.List;
import org.vigil.common.events.ReadingRecorded;

/**
 * The extension point of the rule engine. Every Spring bean of this type sees every reading, one patient's readings in
 * the order of their Kafka partition, inside the transaction that also records the signals and commits before the
 * offsets do; a rule may therefore keep per-patient state in the database (windows, latest parameters, trends) and it
 * survives restarts and rebalances with no duplicate and no missed alert. A reading whose evaluation throws (a bug) has
 * its own savepoint rolled back and is dead-lettered; database errors roll back the batch, which is retried.
 */
public interface ReadingRule {

    /** The signals this reading causes; empty for none (or for a type the rule does not look at). */
    List<Signal> evaluate(ReadingRecorded reading, PatientContext context);

    /**
     * Whether this rule also sees readings that are not {@link ReadingRecorded#alertable()} (cancelled, entered in
     * error, or with a data-absent reason instead of a value). Rules that score or alert on values must not (the
     * default); a rule that only notes that a device sent something may.
     */
    default boolean seesUnalertable() {
        return false;
    }
}
