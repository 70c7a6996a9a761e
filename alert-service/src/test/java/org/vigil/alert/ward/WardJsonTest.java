package org.vigil.alert.ward;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hand-written ward JSON is the JSON Jackson writes from {@link Ward}'s records and their annotations (the
 * documented shape), for rows with every field set and with every field that can be empty left empty.
 */
class WardJsonTest {

    private static final JsonMapper RECORDS = JsonMapper.builder().build();
    private static final JsonMapper HAND_WRITTEN = JsonMapper.builder().addModule(new WardJson.Module()).build();

    private static final Instant AT = Instant.parse("2026-12-08T10:15:30.123456789Z");

    @Test
    void aFullRowAndAnEmptyRowAreWrittenAsJacksonWritesTheRecords() {
        Ward.Row full = new Ward.Row("p-1", "Nightingale", "Florence \"Flo\"", "1820-05-12",
                List.of("urn:oid:1.2.3|MRN-1", "http://x|ü"),
                List.of(new Ward.CareTeam("t-1", "Ward 7"), new Ward.CareTeam("t-2", null)),
                List.of(new Ward.Vital("heart-rate", 131.0, null, null, null, "/min", AT, "critical-high",
                                "Critical high (above 130 /min)"),
                        new Ward.Vital("blood-pressure", null, 85.5, 50.0, null, "mm[Hg]", AT.plusSeconds(1),
                                "critical-low", "Critical low (below 90 mm[Hg])"),
                        new Ward.Vital("consciousness", null, null, null, "A", null, Instant.EPOCH, null, null),
                        new Ward.Vital("supplemental-oxygen", 2.0, null, null, "oxygen", "L/min", AT, null, null)),
                new Ward.News2(7, "high", true, AT, 3, "up"),
                new Ward.Alerts(new Ward.Counts(2, 1, "high"), new Ward.Counts(1, 0, "medium")),
                AT, true, 7_800L, 2);
        Ward.Row empty = new Ward.Row("p-2", null, null, null, List.of(), List.of(), List.of(), null,
                new Ward.Alerts(Ward.Counts.NONE, Ward.Counts.NONE), null, false, null, 0);
        Ward.Row incompleteScore = new Ward.Row("p-3", "Seacole", "Mary", null, List.of(), List.of(), List.of(),
                new Ward.News2(null, null, false, AT, null, null),
                new Ward.Alerts(Ward.Counts.NONE, Ward.Counts.NONE), AT, false, 0L, 1);

        for (Ward ward : List.of(new Ward(AT, List.of(full, empty, incompleteScore)), new Ward(AT, List.of()))) {
            String written = HAND_WRITTEN.writeValueAsString(ward);
            JsonNode expected = RECORDS.readTree(RECORDS.writeValueAsString(ward));
            assertThat(HAND_WRITTEN.readTree(written)).isEqualTo(expected);
        }
        assertThat(HAND_WRITTEN.writeValueAsString(new Ward(AT, List.of(empty))))
                .contains("\"family\":null", "\"news2\":null", "\"staleSeconds\":null")
                .doesNotContain("\"systolic\"");
    }
}
