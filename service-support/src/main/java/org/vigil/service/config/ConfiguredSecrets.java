package org.vigil.service.config;

import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * Secrets that must be the operator's own outside the demo profile (issue 13, internal trust). A secret anyone can read
 * in this repository (the demo defaults, the k8s placeholders) lets anyone on the platform network take a service's
 * identity, so outside {@link DemoProfile} a missing or published secret stops the service at start-up with a
 * {@link DefaultSecretException} naming the setting. In the demo profile the published default is used when none is
 * given.
 */
public final class ConfiguredSecrets {

    /** Every secret value published in Vigil's sources and manifests, compared case-insensitively. */
    static final Set<String> PUBLISHED = Set.of("vigil-services-secret", "vigil-dashboard-secret", "demo-admin-secret",
            "demo-integrator-secret", "change-me", "changeme", "secret", "password");

    private ConfiguredSecrets() {
    }

    /**
     * The secret in {@code variable} (an environment variable or any property Spring resolves); in the demo profile
     * {@code demoDefault} when it is not set.
     */
    public static String require(Environment env, String variable, String demoDefault) {
        String value = env.getProperty(variable);
        if (DemoProfile.active(env) && (value == null || value.isBlank())) {
            return demoDefault;
        }
        check(env, variable, value);
        return value == null ? demoDefault : value;
    }

    /** Refuses, outside the demo profile, a missing or published {@code value} of {@code setting}. */
    public static void check(Environment env, String setting, @Nullable String value) {
        if (DemoProfile.active(env)) {
            return;
        }
        if (value == null || value.isBlank()) {
            throw new DefaultSecretException(setting, setting + " is not set. Outside the demo profile every secret "
                    + "must be given: set " + setting + " to a secret of your own (the demo profile alone has "
                    + "defaults).");
        }
        if (published(value)) {
            throw new DefaultSecretException(setting, setting + " is a default published with Vigil (demo value or "
                    + "placeholder). Outside the demo profile it must be a secret of your own: set " + setting
                    + " to a new random value.");
        }
    }

    /** Whether this value is one that anyone can read in Vigil's sources. */
    static boolean published(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        // {noop} and {bcrypt}-encoded forms of the same defaults are as public as the plain ones.
        if (v.startsWith("{noop}")) {
            v = v.substring("{noop}".length());
        }
        return PUBLISHED.contains(v) || v.endsWith("-demo-secret") || v.endsWith("-demo-password");
    }
}
