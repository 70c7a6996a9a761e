package org.vigil.service.config;

/**
 * A secret outside the demo profile is missing or is one of the values published in Vigil's sources: the service does
 * not start. {@link #setting()} names what to set.
 */
public class DefaultSecretException extends IllegalStateException {

    private final String setting;

    DefaultSecretException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
