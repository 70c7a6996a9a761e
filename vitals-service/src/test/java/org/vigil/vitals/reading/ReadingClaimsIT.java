package org.vigil.vitals.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.vitals.IntegrationTest;

class ReadingClaimsIT extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    private final String device = "dev-claims-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aFirstClaimWinsAndASecondFindsDuplicates() {
        assertThat(claim("r-1", "r-2")).containsExactly("r-1", "r-2");
        assertThat(claim("r-1", "r-2")).isEmpty();
        assertThat(claim("r-2", "r-3", "r-1")).containsExactly("r-3");
    }

    @Test
    void releasedClaimsCanBeClaimedAgain() {
        assertThat(claim("r-1", "r-2")).containsExactly("r-1", "r-2");

        assertThat(post(path() + "/release", Map.of("readingIds", List.of("r-1", "r-2"))).status()).isEqualTo(204);

        assertThat(claim("r-1", "r-2")).containsExactly("r-1", "r-2");
    }

    @Test
    void aPendingClaimOlderThanTwoMinutesCanBeClaimedAgain() {
        assertThat(claim("r-1", "r-2")).containsExactly("r-1", "r-2");
        age("r-1");

        assertThat(claim("r-1", "r-2")).containsExactly("r-1");
    }

    @Test
    void aStoredReadingIsNeverClaimableAgain() {
        String patient = createPatient();
        assertThat(claim("r-9")).containsExactly("r-9");
        ReadingRecorded reading = new ReadingRecorded(UUID.randomUUID(), device, "r-9", patient, "heart-rate",
                Instant.now().minusSeconds(60), Instant.now(), 61.0, "/min", null, null, null, null, null, null,
                ReadingRecorded.SOURCE_DEVICE);
        publish(reading);
        await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT stored FROM reading_key WHERE device_id = ? AND reading_id = 'r-9'", Boolean.class, device)));

        assertThat(post(path() + "/release", Map.of("readingIds", List.of("r-9"))).status()).isEqualTo(204);
        age("r-9");

        assertThat(claim("r-9")).isEmpty();
    }

    @Test
    void aClaimWithoutReadingIdsIsABadRequest() {
        Response response = post(path(), Map.of());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("readingIds");
    }

    private List<String> claim(String... readingIds) {
        Response response = post(path(), Map.of("readingIds", List.of(readingIds)));
        assertThat(response.status()).isEqualTo(200);
        return texts(response.json().get("claimed"));
    }

    private void age(String readingId) {
        jdbc.update("UPDATE reading_key SET claimed_at = now() - interval '3 minutes' "
                + "WHERE device_id = ? AND reading_id = ?", device, readingId);
    }

    private String path() {
        return "/internal/v1/devices/" + device + "/reading-claims";
    }
}
