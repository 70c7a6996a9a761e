package org.vigil.service.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

class DeadLetterIdTest {

    @Test
    void readsTopicPartitionAndOffsetAndWritesThemBack() {
        DeadLetterId id = DeadLetterId.parse("vigil.reading-recorded.v1.dlt:3:42");

        assertThat(id).isEqualTo(new DeadLetterId("vigil.reading-recorded.v1.dlt", 3, 42));
        assertThat(id.toString()).isEqualTo("vigil.reading-recorded.v1.dlt:3:42");
    }

    @Test
    void refusesWhatIsNotTopicPartitionOffset() {
        for (String bad : List.of("", "  ", "topic", "topic:1", ":1:2", "topic::2", "topic:1:", "topic:x:2",
                "topic:1:y", "topic:-1:2", "topic:1:-2", "top ic:1:2", "topic:1:2:3x", "topic:99999999999:1",
                "a/b:1:2")) {
            assertThatThrownBy(() -> DeadLetterId.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> DeadLetterId.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReplayRequestNamesTheFirstBadIdAsA400() {
        var request = new DeadLetterDesk.ReplayRequest(List.of("vigil.reading-recorded.v1.dlt:0:1", "nonsense"));

        assertThatThrownBy(() -> DeadLetterDesk.checked(request))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getBody().getDetail()).startsWith("ids[1] ");
                });
    }

    @Test
    void aReplayRequestNeedsOneToAHundredIdsAndRepeatsCountOnce() {
        assertThatThrownBy(() -> DeadLetterDesk.checked(null)).isInstanceOf(ErrorResponseException.class);
        assertThatThrownBy(() -> DeadLetterDesk.checked(new DeadLetterDesk.ReplayRequest(null)))
                .isInstanceOf(ErrorResponseException.class);
        assertThatThrownBy(() -> DeadLetterDesk.checked(new DeadLetterDesk.ReplayRequest(List.of())))
                .isInstanceOf(ErrorResponseException.class);
        List<String> tooMany = new ArrayList<>(Collections.nCopies(101, "t:0:1"));
        assertThatThrownBy(() -> DeadLetterDesk.checked(new DeadLetterDesk.ReplayRequest(tooMany)))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.getBody().getDetail()).contains("at most 100"));
        List<String> nullInside = Arrays.asList("t:0:1", null);
        assertThatThrownBy(() -> DeadLetterDesk.checked(new DeadLetterDesk.ReplayRequest(nullInside)))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.getBody().getDetail()).startsWith("ids[1] is empty"));

        assertThat(DeadLetterDesk.checked(new DeadLetterDesk.ReplayRequest(List.of("t:0:1", "t:0:2", "t:0:1"))))
                .containsExactly(new DeadLetterId("t", 0, 1), new DeadLetterId("t", 0, 2));
    }
}
