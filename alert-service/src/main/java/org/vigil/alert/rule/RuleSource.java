package org.vigil.alert.rule;

import java.util.List;

/** Where the rules in force come from; read again on every refresh of the {@link RuleBook}. */
interface RuleSource {

    /** The enabled rules. */
    List<? extends Rule> enabledRules();
}
