package org.vigil.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one place integration tests get their PostgreSQL and Kafka from. Both are real servers, started once per test
 * JVM and shared by every test in it: containers (Testcontainers) when a Docker engine answers, otherwise an embedded
 * PostgreSQL (zonky's real server binaries, run beside the JVM) and an embedded KRaft Kafka broker (spring-kafka-test,
 * in the JVM). Set {@code VIGIL_TEST_INFRA=embedded} or {@code =containers} to force one.
 *
 * <p>Use from a Spring test:
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void infrastructure(DynamicPropertyRegistry registry) {
 *     VigilInfrastructure.register(registry);
 * }
 * }</pre>
 */
public final class VigilInfrastructure {

    /** Partitions of topics the broker auto-creates; services declare their own topics with their own counts. */
    public static final int DEFAULT_PARTITIONS = 3;

    private static final Logger log = LoggerFactory.getLogger(VigilInfrastructure.class);
    private static @Nullable Database database;
    private static @Nullable String kafka;

    /** How to reach the shared PostgreSQL database. */
    public record Database(String jdbcUrl, String username, String password) {
    }

    private VigilInfrastructure() {
    }

    /** Sets {@code spring.datasource.*} and {@code spring.kafka.bootstrap-servers}. */
    public static void register(DynamicPropertyRegistry registry) {
        Database db = postgres();
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registry.add("spring.kafka.bootstrap-servers", VigilInfrastructure::kafkaBootstrapServers);
    }

    /** Sets only {@code spring.kafka.bootstrap-servers}, for services without a database. */
    public static void registerKafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", VigilInfrastructure::kafkaBootstrapServers);
    }

    public static synchronized Database postgres() {
        if (database == null) {
            database = useContainers() ? startPostgresContainer() : startEmbeddedPostgres();
        }
        return database;
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = useContainers() ? startKafkaContainer() : startEmbeddedKafka();
        }
        return kafka;
    }

    private static boolean useContainers() {
        String forced = System.getenv("VIGIL_TEST_INFRA");
        if ("embedded".equals(forced)) {
            return false;
        }
        if ("containers".equals(forced)) {
            return true;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Database startPostgresContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
        container.start();
        log.info("Test PostgreSQL: container {}", container.getJdbcUrl());
        return new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    private static Database startEmbeddedPostgres() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres)));
            String url = postgres.getJdbcUrl("postgres", "postgres");
            log.info("Test PostgreSQL: embedded {}", url);
            return new Database(url, "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    private static String startKafkaContainer() {
        KafkaContainer container = new KafkaContainer("apache/kafka:4.1.1");
        container.start();
        log.info("Test Kafka: container {}", container.getBootstrapServers());
        return container.getBootstrapServers();
    }

    private static String startEmbeddedKafka() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, DEFAULT_PARTITIONS);
        broker.brokerProperty("auto.create.topics.enable", "true");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        // One broker: the transaction state log cannot have the default three replicas, or transactional producers
        // (fhir-service's FHIR transactions) wait for it forever.
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.brokerProperty("transaction.state.log.num.partitions", "1");
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        log.info("Test Kafka: embedded {}", broker.getBrokersAsString());
        return broker.getBrokersAsString();
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("could not stop the embedded PostgreSQL cleanly", e);
        }
    }
}
