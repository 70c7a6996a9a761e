package org.vigil.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoredDocumentsTest {

    @Test
    void anEscapedNulCharacterIsFoundAndTheTextOfOneIsNot() {
        String nul = EventCodec.MAPPER.writeValueAsString("a" + (char) 0 + "b");
        String text = EventCodec.MAPPER.writeValueAsString("a\\" + "u0000b");

        assertThat(StoredDocuments.escapesNul("{\"text\":" + nul + "}")).isTrue();
        assertThat(StoredDocuments.escapesNul("{\"text\":" + text + "}")).isFalse();
        assertThat(StoredDocuments.escapesNul("{\"text\":\"\\\\\\u0000\"}")).as("an escaped backslash, then NUL")
                .isTrue();
        assertThat(StoredDocuments.escapesNul("{\"text\":\"plain\"}")).isFalse();
    }
}
