package org.vigil.alert.rule;

import java.util.List;
import org.springframework.stereotype.Component;
import org.vigil.common.events.ReadingRecorded;

/** The threshold rules of the {@link RuleBook}, as a {@link ReadingRule}. */
@Component
class ThresholdRules implements ReadingRule {

    private final RuleBook book;

    ThresholdRules(RuleBook book) {
        this.book = book;
    }

    @Override
    public List<Signal> evaluate(ReadingRecorded reading, PatientContext context) {
        return List.copyOf(book.evaluate(reading, context));
    }
}
