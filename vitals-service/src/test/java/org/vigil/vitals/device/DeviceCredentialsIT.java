package org.vigil.vitals.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.vigil.common.events.DeviceChanged;
import org.vigil.common.events.Topics;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;
import org.vigil.vitals.IntegrationTest;

/** Token rotation with a grace period (4 s in tests) and immediate revocation, as ingest sees them. */
class DeviceCredentialsIT extends IntegrationTest {

    @Test
    void aRotatedTokenKeepsWorkingBesideTheNewOneUntilItsGraceEnds() throws InterruptedException {
        Response registered = register();
        String id = registered.json().get("id").asString();
        String old = registered.json().get("token").asString();

        Response rotated = post("/api/v1/devices/" + id + "/tokens", Map.of(), TestIssuer.admin());

        assertThat(rotated.status()).isEqualTo(201);
        String fresh = rotated.json().get("token").asString();
        assertThat(fresh).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(old);
        assertThat(Instant.parse(rotated.json().get("previousTokenValidUntil").asString()))
                .isCloseTo(Instant.now().plusSeconds(4), within(3, ChronoUnit.SECONDS));
        assertThat(byHash(old).status()).isEqualTo(200);
        assertThat(byHash(old).json().get("deviceId").asString()).isEqualTo(id);
        assertThat(byHash(fresh).json().get("deviceId").asString()).isEqualTo(id);
        assertThat(claim(id, "r-" + UUID.randomUUID(), sha256(old)).status()).isEqualTo(200);

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (byHash(old).status() == 200 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }

        assertThat(byHash(old).status()).isEqualTo(404);
        assertThat(byHash(fresh).status()).isEqualTo(200);
        Response late = claim(id, "r-" + UUID.randomUUID(), sha256(old));
        assertThat(late.status()).isEqualTo(401);
        assertThat(late.json().get("reason").asString()).isEqualTo("credentials-revoked");
    }

    @Test
    void revokingRefusesEveryTokenAtOnceAndTheClaimsCallClaimsNothingWithARevokedToken() {
        Response registered = register();
        String id = registered.json().get("id").asString();
        String old = registered.json().get("token").asString();
        String fresh = post("/api/v1/devices/" + id + "/tokens", Map.of(), TestIssuer.admin()).json().get("token")
                .asString();

        Response revoked = delete("/api/v1/devices/" + id + "/tokens", TestIssuer.admin());

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(byHash(old).status()).isEqualTo(404);
        assertThat(byHash(fresh).status()).isEqualTo(404);
        String readingId = "r-" + UUID.randomUUID();
        Response refused = claim(id, readingId, sha256(fresh));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("reason").asString()).isEqualTo("credentials-revoked");
        assertThat(refused.json().get("detail").asString()).isNotBlank();
        // Nothing was claimed: an older caller, without the hash, still gets the id.
        Response withoutHash = post("/internal/v1/devices/" + id + "/reading-claims",
                Map.of("readingIds", List.of(readingId)));
        assertThat(texts(withoutHash.json().get("claimed"))).containsExactly(readingId);

        Response again = post("/api/v1/devices/" + id + "/tokens", Map.of(), TestIssuer.admin());
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("previousTokenValidUntil").isNull()).isTrue();
        assertThat(byHash(again.json().get("token").asString()).status()).isEqualTo(200);
        assertThat(byHash(fresh).status()).isEqualTo(404);

        assertThat(changesOf(id, 4)).extracting(DeviceChanged::change).containsExactly(DeviceChanged.REGISTERED,
                DeviceChanged.CREDENTIALS_CHANGED, DeviceChanged.CREDENTIALS_CHANGED,
                DeviceChanged.CREDENTIALS_CHANGED);
    }

    @Test
    void aClaimWithTheCurrentTokenHashIsClaimedAndAnotherDevicesHashIsRefused() {
        Response first = register();
        Response second = register();
        String id = first.json().get("id").asString();

        assertThat(texts(claim(id, "r-1", sha256(first.json().get("token").asString())).json().get("claimed")))
                .containsExactly("r-1");
        assertThat(claim(id, "r-2", sha256(second.json().get("token").asString())).status()).isEqualTo(401);
    }

    @Test
    void aClinicianOfTheDevicesPatientMayRotateButNotAnotherClinician() {
        String id = register().json().get("id").asString();
        String patient = createPatient();
        post("/api/v1/devices/" + id + "/assignments", Map.of("patientId", patient));
        String team = post("/api/v1/care-teams", Map.of("name", "ICU " + UUID.randomUUID())).json().get("id")
                .asString();
        String clinician = "ada-" + UUID.randomUUID();
        put("/api/v1/care-teams/" + team + "/members/" + clinician, Map.of(), TestIssuer.admin());
        put("/api/v1/care-teams/" + team + "/patients/" + patient, Map.of(), TestIssuer.admin());

        assertThat(post("/api/v1/devices/" + id + "/tokens", Map.of(), TestIssuer.clinician(clinician)).status())
                .isEqualTo(201);
        assertThat(post("/api/v1/devices/" + id + "/tokens", Map.of(), TestIssuer.clinician("ben-" + UUID.randomUUID()))
                .status()).isEqualTo(403);
        assertThat(delete("/api/v1/devices/" + UUID.randomUUID() + "/tokens", TestIssuer.admin()).status())
                .isEqualTo(404);
    }

    private Response register() {
        Response created = post("/api/v1/devices", Map.of("serial", "SN-" + UUID.randomUUID(), "manufacturer", "Acme",
                "model", "HR-1"));
        assertThat(created.status()).isEqualTo(201);
        return created;
    }

    private Response byHash(String token) {
        return get("/internal/v1/devices/by-token-hash/" + sha256(token));
    }

    private Response claim(String deviceId, String readingId, String tokenHash) {
        return post("/internal/v1/devices/" + deviceId + "/reading-claims",
                Map.of("readingIds", List.of(readingId), "tokenHash", tokenHash));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<DeviceChanged> changesOf(String deviceId, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "device-changed-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<DeviceChanged> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DEVICE_CHANGED.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (deviceId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        found.add(Topics.DEVICE_CHANGED.codec().decode(record.value()));
                    }
                }
            }
        }
        return found;
    }
}
