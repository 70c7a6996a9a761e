package org.vigil.alert.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vigil.common.events.EventDecodingException;
import org.vigil.common.events.Topics;

class DeadLetterReasonTest {

    @Test
    void reasonNamesTheProblemWithoutQuotingTheRecord() {
        byte[] record = "{\"patientId\": \"pat-1\", \"value\": secret-142}".getBytes(StandardCharsets.UTF_8);

        String reason = reasonFor(record);

        assertThat(reason).startsWith("not a valid ReadingRecorded").doesNotContain("secret").doesNotContain("142");
    }

    @Test
    void reasonIsShort() {
        byte[] record = ("{\"x\": " + "9".repeat(5000) + "q}").getBytes(StandardCharsets.UTF_8);

        assertThat(reasonFor(record).length()).isLessThanOrEqualTo(303);
    }

    private static String reasonFor(byte[] record) {
        try {
            Topics.READING_RECORDED.codec().decode(record);
        } catch (EventDecodingException e) {
            return ReadingListener.reason(e);
        }
        throw new AssertionError("decoded");
    }
}
