package org.vigil.service.config;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The Spring profile {@code demo} ({@code ./vigil up}, docker-compose): demo identities, a self-signed certificate and
 * the published demo secrets. Every service asks here, so that "is this the demo" has one answer.
 */
public final class DemoProfile {

    public static final String NAME = "demo";

    private DemoProfile() {
    }

    public static boolean active(Environment env) {
        return env.acceptsProfiles(Profiles.of(NAME));
    }
}
