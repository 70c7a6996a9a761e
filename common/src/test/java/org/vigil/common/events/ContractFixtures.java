package org.vigil.common.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The golden fixtures of each topic's events, shipped in common's test-jar: producers assert that what they publish
 * has the fixture's shape, consumers feed the fixture's exact bytes to their listeners.
 */
public final class ContractFixtures {

    private ContractFixtures() {
    }

    /** The bytes of {@code contracts/<path>}, e.g. {@code bytes("vigil.reading-recorded.v1/heart-rate.json")}. */
    public static byte[] bytes(String path) {
        try (InputStream in = ContractFixtures.class.getResourceAsStream("/contracts/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no contract fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ReadingRecorded reading(String name) {
        return Topics.READING_RECORDED.codec().decode(bytes(Topics.READING_RECORDED.name() + "/" + name + ".json"));
    }

    public static AuditRecorded audit(String name) {
        return Topics.AUDIT_RECORDED.codec().decode(bytes(Topics.AUDIT_RECORDED.name() + "/" + name + ".json"));
    }
}
