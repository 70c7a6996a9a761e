package org.vigil.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vigil.audit.IntegrationTest;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.ContractFixtures;
import org.vigil.common.events.Headers;
import org.vigil.common.events.Topics;
import org.vigil.testsupport.VigilInfrastructure;
import tools.jackson.databind.JsonNode;

class ChainIT extends IntegrationTest {

    @Autowired
    AuditLedger ledger;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ChainKey key;

    @Test
    void theGoldenFixturesPublishedAsBytesAreStoredWithEveryFieldAndChained() {
        String[] names = {"read-granted", "break-glass", "denied-anonymous"};
        for (String name : names) {
            AuditRecorded fixture = ContractFixtures.audit(name);
            publish(fixture.agent(), ContractFixtures.bytes(Topics.AUDIT_RECORDED.name() + "/" + name + ".json"));
        }
        AuditRecorded readGranted = ContractFixtures.audit("read-granted");
        AuditRecorded breakGlass = ContractFixtures.audit("break-glass");
        AuditRecorded denied = ContractFixtures.audit("denied-anonymous");
        await().atMost(PATIENCE).until(() -> copies(readGranted.eventId()) == 1 && copies(breakGlass.eventId()) == 1
                && copies(denied.eventId()) == 1);

        StoredEvent stored = jdbc.queryForObject("SELECT " + StoredEvent.COLUMNS
                + " FROM audit_event e WHERE e.event_id = ?", StoredEvent.ROWS, readGranted.eventId());
        assertThat(stored.record()).isEqualTo(readGranted);
        assertThat(jdbc.queryForObject("SELECT " + StoredEvent.COLUMNS + " FROM audit_event e WHERE e.event_id = ?",
                StoredEvent.ROWS, breakGlass.eventId()).record()).isEqualTo(breakGlass);
        assertThat(jdbc.queryForObject("SELECT " + StoredEvent.COLUMNS + " FROM audit_event e WHERE e.event_id = ?",
                StoredEvent.ROWS, denied.eventId()).record()).isEqualTo(denied);
        byte[] expectedPrevious = stored.seq() == 1 ? CanonicalForm.GENESIS
                : jdbc.queryForObject("SELECT hash FROM audit_event WHERE seq = ?", byte[].class, stored.seq() - 1);
        assertThat(stored.prevHash()).isEqualTo(expectedPrevious);
        assertThat(stored.format()).isEqualTo(CanonicalForm.KEYED);
        assertThat(stored.hash()).isEqualTo(key.link(stored.prevHash(), stored.seq(), readGranted,
                stored.storedAt()));
        assertThat(stored.hash()).isNotEqualTo(CanonicalForm.link(stored.prevHash(), stored.seq(), readGranted,
                stored.storedAt()));
        assertValidChain();
    }

    @Test
    void twoHundredRecordsFromThreeConcurrentProducersFormOneValidChainWithoutGaps() throws Exception {
        List<AuditRecorded> all = new ArrayList<>();
        List<Callable<Void>> producers = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            List<AuditRecorded> mine = new ArrayList<>();
            for (int i = 0; i < (p == 0 ? 68 : 66); i++) {
                mine.add(access("agent-" + p + "-" + (i % 7), AuditRecorded.READ, AuditRecorded.SUCCESS, false,
                        unique("patient")));
            }
            all.addAll(mine);
            producers.add(() -> {
                publishAll(mine);
                return null;
            });
        }
        assertThat(all).hasSize(200);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (Future<Void> done : pool.invokeAll(producers)) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }

        await().atMost(PATIENCE).until(() -> all.stream().allMatch(r -> copies(r.eventId()) == 1));
        assertGapFree();
        assertValidChain();
    }

    @Test
    void concurrentAppendsSerialiseOnTheChainHead() throws Exception {
        List<Callable<Void>> appenders = new ArrayList<>();
        List<AuditRecorded> all = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            List<List<AuditRecorded>> batches = new ArrayList<>();
            for (int b = 0; b < 15; b++) {
                List<AuditRecorded> batch = List.of(
                        access(unique("direct"), AuditRecorded.READ, AuditRecorded.SUCCESS, false, unique("p")),
                        access(unique("direct"), AuditRecorded.SEARCH, AuditRecorded.DENIED, false));
                batches.add(batch);
                all.addAll(batch);
            }
            appenders.add(() -> {
                for (List<AuditRecorded> batch : batches) {
                    ledger.append(batch);
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Future<Void> done : pool.invokeAll(appenders)) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(all).allMatch(r -> copies(r.eventId()) == 1);
        assertGapFree();
        assertValidChain();
    }

    @Test
    void aRedeliveredRecordIsNotChainedTwice() {
        AuditRecorded record = access(unique("ada"), AuditRecorded.READ, AuditRecorded.SUCCESS, false, unique("p"));
        AuditRecorded after = access(record.agent(), AuditRecorded.READ, AuditRecorded.SUCCESS, false, unique("p"));
        byte[] bytes = Topics.AUDIT_RECORDED.codec().encode(record);

        publish(record.agent(), bytes);
        publish(record.agent(), bytes);
        publishAndAwait(after);
        AuditLedger.Appended again = ledger.append(List.of(record, record));

        assertThat(copies(record.eventId())).isEqualTo(1);
        assertThat(again).isEqualTo(new AuditLedger.Appended(0, 2));
        assertThat(seqOf(after.eventId())).isGreaterThan(seqOf(record.eventId()));
        assertGapFree();
        assertValidChain();
    }

    @Test
    void unreadableAndUnstorableRecordsGoToTheDeadLetterTopicAndTheNextRecordIsStored() {
        String agent = unique("poisoned");
        byte[] notJson = ContractFixtures.bytes("poison/not-json.bin");
        byte[] notAnAuditRecord = ContractFixtures.bytes("poison/missing-patient.json");
        AuditRecorded withNul = access(agent, AuditRecorded.READ, AuditRecorded.SUCCESS, false, "pat\u0000ient");
        byte[] nul = Topics.AUDIT_RECORDED.codec().encode(withNul);
        AuditRecorded good = access(agent, AuditRecorded.READ, AuditRecorded.SUCCESS, false, unique("p"));

        // One key, so one partition: the good record queues behind the poison.
        publish(agent, notJson);
        publish(agent, notAnAuditRecord);
        publish(agent, nul);
        publishAndAwait(good);

        List<ConsumerRecord<byte[], byte[]>> letters = deadLetters(notJson, notAnAuditRecord, nul);
        assertThat(letters).hasSize(3);
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            assertThat(header(letter, Headers.DLT_REASON)).isNotBlank();
            assertThat(header(letter, Headers.DLT_CONSUMER)).isEqualTo("audit-service");
            assertThat(header(letter, Headers.DLT_ORIGIN)).startsWith(Topics.AUDIT_RECORDED.name() + "/");
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo(agent);
        }
        assertThat(letters).anySatisfy(l -> assertThat(header(l, Headers.DLT_REASON)).contains("NUL character"));
        assertThat(copies(withNul.eventId())).isZero();
        assertValidChain();
    }

    @Test
    void aDatabaseOutageDelaysRecordsButNeverDeadLettersThem() throws InterruptedException {
        AuditRecorded record = access(unique("outage"), AuditRecorded.READ, AuditRecorded.SUCCESS, false, "p-1");
        double deadLetteredBefore = deadLettered();
        jdbc.execute("ALTER TABLE chain_head RENAME TO chain_head_unavailable");
        try {
            publish(record);
            Thread.sleep(4_000);
        } finally {
            jdbc.execute("ALTER TABLE chain_head_unavailable RENAME TO chain_head");
        }

        await().atMost(PATIENCE).until(() -> copies(record.eventId()) == 1);
        assertThat(deadLettered()).isEqualTo(deadLetteredBefore);
        assertValidChain();
    }

    private double deadLettered() {
        var counter = meters.find("vigil.audit.records.dead.lettered").counter();
        return counter == null ? 0 : counter.count();
    }

    private void assertGapFree() {
        var stats = jdbc.queryForMap("SELECT count(*) AS n, min(seq) AS first, max(seq) AS last FROM audit_event");
        assertThat(((Number) stats.get("first")).longValue()).isEqualTo(1);
        assertThat(((Number) stats.get("last")).longValue()).isEqualTo(((Number) stats.get("n")).longValue());
        assertThat(jdbc.queryForObject("SELECT seq FROM chain_head", Long.class))
                .isEqualTo(((Number) stats.get("last")).longValue());
    }

    private void assertValidChain() {
        Response verify = get("/api/v1/audit/verify");
        assertThat(verify.status()).isEqualTo(200);
        JsonNode body = verify.json();
        assertThat(body.get("valid").asBoolean()).as(verify.raw().body()).isTrue();
        long count = jdbc.queryForObject("SELECT count(*) FROM audit_event", Long.class);
        assertThat(body.get("records").asLong()).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(count);
        assertThat(body.get("headSeq").asLong()).isEqualTo(body.get("records").asLong());
        assertThat(body.get("headHash").asString()).hasSize(64);
        assertThat(body.has("firstInvalidSeq")).isFalse();
    }

    private static void publishAll(List<AuditRecorded> records) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> own =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (AuditRecorded record : records) {
                sent.add(own.send(new ProducerRecord<>(Topics.AUDIT_RECORDED.name(),
                        record.agent().getBytes(StandardCharsets.UTF_8), Topics.AUDIT_RECORDED.codec().encode(record))));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
