package org.vigil.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.alert.IntegrationTest;

/** The rule table Flyway seeds holds exactly the first rule set that the boundary tests check. */
class SeededRulesIT extends IntegrationTest {

    @Autowired
    RuleTable table;

    @Test
    void ruleTableHoldsExactlyTheFirstRuleSet() {
        assertThat(table.enabledRules()).containsExactlyInAnyOrderElementsOf(FirstRuleSet.RULES);
    }
}
