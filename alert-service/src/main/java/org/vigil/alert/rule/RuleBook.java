package org.vigil.alert.rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.vigil.common.events.ReadingRecorded;

/**
 * The rules in force, held in memory and read again from the {@code rule} table every
 * {@code vigil.alert.rules-refresh}, so that an edited threshold or a disabled rule takes effect without a restart. If
 * a refresh fails the rules in force stay as they were.
 */
@Component
public class RuleBook {

    private static final Logger log = LoggerFactory.getLogger(RuleBook.class);

    private final RuleSource source;
    private volatile @Nullable Map<String, List<Rule>> byType;

    RuleBook(RuleSource source) {
        this.source = source;
    }

    /** Every breach the reading makes; empty for a type no rule looks at. */
    public List<Breach> evaluate(ReadingRecorded reading, PatientContext context) {
        List<Breach> breaches = new ArrayList<>();
        for (Rule rule : rules().getOrDefault(reading.type(), List.of())) {
            rule.evaluate(reading, context).ifPresent(breaches::add);
        }
        return breaches;
    }

    @Scheduled(fixedDelayString = "${vigil.alert.rules-refresh:PT30S}",
            initialDelayString = "${vigil.alert.rules-refresh:PT30S}")
    void refresh() {
        try {
            load();
        } catch (DataAccessException e) {
            log.warn("Could not refresh the alert rules, keeping the ones in force: {}", e.getMessage());
        }
    }

    private Map<String, List<Rule>> rules() {
        Map<String, List<Rule>> current = byType;
        // Loaded on first use rather than at start-up, so that a database that is briefly away does not stop the
        // service from starting; the listener's error handler retries until it is back.
        return current != null ? current : load();
    }

    private synchronized Map<String, List<Rule>> load() {
        Map<String, List<Rule>> loaded = new HashMap<>();
        List<? extends Rule> rules = source.enabledRules();
        for (Rule rule : rules) {
            for (String type : rule.triggeredBy()) {
                loaded.computeIfAbsent(type, t -> new ArrayList<>()).add(rule);
            }
        }
        loaded.replaceAll((type, list) -> List.copyOf(list));
        Map<String, List<Rule>> result = Map.copyOf(loaded);
        if (!result.equals(byType)) {
            log.info("Alert rules in force: {}", rules.stream().map(Rule::id).toList());
        }
        byType = result;
        return result;
    }
}
