package org.vigil.service.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says which setting to give when a {@link DefaultSecretException} stopped the start, instead of a bean stack. */
class DefaultSecretFailureAnalyzer extends AbstractFailureAnalyzer<DefaultSecretException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DefaultSecretException cause) {
        return new FailureAnalysis(cause.getMessage(), "Set " + cause.setting() + " (for example from your secret "
                + "store), or run with the demo profile (SPRING_PROFILES_ACTIVE=demo) for a demonstration.", cause);
    }
}
