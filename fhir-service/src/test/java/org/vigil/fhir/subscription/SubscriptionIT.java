package org.vigil.fhir.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.common.events.AlertChanged;
import org.vigil.common.events.ObservationDocumentRecorded;
import org.vigil.common.events.ReadingRecorded;
import org.vigil.common.events.Topics;
import org.vigil.fhir.AuditRecords;
import org.vigil.fhir.FhirServiceApplication;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;

/**
 * R4 rest-hook Subscriptions through HAPI's client: stored in PostgreSQL, notified from the real Kafka topics to an
 * in-test HTTP receiver; relationships from an in-test vitals-service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SubscriptionIT {

    static final FhirContext FHIR = FhirContext.forR4();
    static final String CARE_TEAM_PATIENT = "p-care-" + UUID.randomUUID();
    /** Opened by the clinician "ben-glass" by break-glass until {@link #breakGlassUntil}. */
    static final String BREAK_GLASS_PATIENT = "p-glass-" + UUID.randomUUID();
    static volatile Instant breakGlassUntil = Instant.now();
    static final HttpServer stub = startStub();
    /** What the receiver got: path, then content type, then body. */
    static final List<String[]> received = new CopyOnWriteArrayList<>();
    /** Per path: how many more requests to answer 500. */
    static final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    static KafkaProducer<byte[], byte[]> producer;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SecretSealing sealing;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        VigilInfrastructure.register(registry);
        TestIssuer.register(registry);
        String url = base();
        registry.add("vigil.vitals.url", () -> url);
        registry.add("VIGIL_VITALS_URL", () -> url);
        registry.add("vigil.alert.url", () -> url);
    }

    @AfterAll
    static void stop() {
        stub.stop(0);
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    IGenericClient client(String token) {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return client;
    }

    static IGenericClient integrator(SubscriptionIT test) {
        return test.client(TestIssuer.integrator("ehr", "system/Observation.rs system/Flag.rs"));
    }

    static Subscription subscription(String criteria, String hook, String payload) {
        Subscription s = new Subscription();
        s.setStatus(SubscriptionStatus.REQUESTED);
        s.setReason("IT");
        s.setCriteria(criteria);
        s.getChannel().setType(SubscriptionChannelType.RESTHOOK).setEndpoint(base() + "/hook/" + hook)
                .setPayload(payload).addHeader("Authorization: Bearer receiver-secret");
        return s;
    }

    @Test
    void createReadSearchUpdateAndDelete() {
        IGenericClient client = integrator(this);
        String patient = "p-" + UUID.randomUUID();

        MethodOutcome created = client.create().resource(subscription("Observation?patient=" + patient, "crud",
                "application/fhir+json")).execute();
        assertThat(created.getCreated()).isTrue();
        String id = created.getId().getIdPart();
        assertThat(created.getId().getVersionIdPart()).isEqualTo("1");

        Subscription read = client.read().resource(Subscription.class).withId(id).execute();
        assertThat(read.getStatus()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(read.getCriteria()).isEqualTo("Observation?patient=" + patient);
        assertThat(read.getChannel().getHeader()).extracting(h -> h.getValue())
                .containsExactly("Authorization: Bearer receiver-secret");
        // At rest the header is sealed (AES-GCM), in its own column and not in the stored document.
        assertThat(storedHeadersAndDocument(id)).contains("v1:it:").doesNotContain("receiver-secret");

        Bundle mine = client.search().forResource(Subscription.class).where(Subscription.STATUS.exactly()
                .code("active")).returnBundle(Bundle.class).execute();
        assertThat(mine.getEntry()).anyMatch(e -> e.getResource().getIdElement().getIdPart().equals(id));

        Subscription change = subscription("Observation?patient=" + patient + "&code=http://loinc.org|8867-4",
                "crud", null);
        change.setId(id);
        change.setStatus(SubscriptionStatus.OFF);
        MethodOutcome updated = client.update().resource(change).execute();
        assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
        Subscription off = client.read().resource(Subscription.class).withId(id).execute();
        assertThat(off.getStatus()).isEqualTo(SubscriptionStatus.OFF);
        assertThat(off.getChannel().hasPayload()).isFalse();

        IGenericClient someoneElse = client(TestIssuer.integrator("other", "system/Observation.rs"));
        assertThatThrownBy(() -> someoneElse.read().resource(Subscription.class).withId(id).execute())
                .isInstanceOf(ResourceNotFoundException.class);

        client.delete().resourceById("Subscription", id).execute();
        assertThatThrownBy(() -> client.read().resource(Subscription.class).withId(id).execute())
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void onlyThoseWithAccessToThePatientMaySubscribeAndBadSubscriptionsAre422() {
        IGenericClient ben = client(TestIssuer.clinician("ben"));
        assertThatThrownBy(() -> ben.create().resource(subscription("Observation?patient=" + CARE_TEAM_PATIENT,
                "x", null)).execute()).isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> ben.create().resource(subscription("Observation?code=8867-4", "x", null))
                .execute()).isInstanceOf(ForbiddenOperationException.class);
        IGenericClient ada = client(TestIssuer.clinician("ada"));
        assertThat(ada.create().resource(subscription("Flag?patient=" + CARE_TEAM_PATIENT, "ada", null)).execute()
                .getCreated()).isTrue();

        IGenericClient client = integrator(this);
        for (String criteria : List.of("Patient?name=x", "Observation", "Observation?category=vital-signs",
                "Observation?code=http://loinc.org|0000-0", "Flag?code=x")) {
            assertThatThrownBy(() -> client.create().resource(subscription(criteria, "x", null)).execute())
                    .as(criteria).isInstanceOf(UnprocessableEntityException.class);
        }
        Subscription websocket = subscription("Flag?patient=p1", "x", null);
        websocket.getChannel().setType(SubscriptionChannelType.WEBSOCKET);
        assertThatThrownBy(() -> client.create().resource(websocket).execute())
                .isInstanceOf(UnprocessableEntityException.class);
        Subscription withUser = subscription("Flag?patient=p1", "x", null);
        withUser.getChannel().setEndpoint("http://user:pw@localhost:1/hook");
        assertThatThrownBy(() -> client.create().resource(withUser).execute())
                .isInstanceOf(UnprocessableEntityException.class);
    }

    @Test
    void aNewReadingOfThePatientIsPostedAsTheObservationWithTheSubscribersHeaders() {
        IGenericClient client = integrator(this);
        String patient = "p-" + UUID.randomUUID();
        client.create().resource(subscription("Observation?patient=" + patient, "obs-" + patient,
                "application/fhir+json")).execute();
        client.create().resource(subscription("Observation?patient=" + patient + "&code=http://loinc.org|59408-5",
                "spo2-" + patient, null)).execute();

        ReadingRecorded heart = heartRate(patient);
        publish(patient, Topics.READING_RECORDED.codec().encode(heart));
        publish("other", Topics.READING_RECORDED.codec().encode(heartRate("p-other-" + UUID.randomUUID())));

        await().atMost(Duration.ofSeconds(60)).until(() -> to("/hook/obs-" + patient).size() == 1);
        String[] request = to("/hook/obs-" + patient).getFirst();
        assertThat(request[1]).startsWith("application/fhir+json");
        Observation observation = FHIR.newJsonParser().parseResource(Observation.class, request[2]);
        assertThat(observation.getIdElement().getIdPart()).isEqualTo(heart.eventId().toString());
        assertThat(observation.getSubject().getReference()).isEqualTo("Patient/" + patient);
        assertThat(observation.getCode().getCodingFirstRep().getCode()).isEqualTo("8867-4");
        assertThat(request[3]).isEqualTo("Bearer receiver-secret");
        assertThat(to("/hook/spo2-" + patient)).isEmpty();
    }

    /** A stored vital signs panel is a new Observation of its patient and of code 85353-1, not of a reading code. */
    @Test
    void aNewVitalSignsPanelIsPostedToThePatientsAndThePanelCodesSubscribersOnly() {
        IGenericClient client = integrator(this);
        String patient = "p-" + UUID.randomUUID();
        client.create().resource(subscription("Observation?patient=" + patient, "all-" + patient,
                "application/fhir+json")).execute();
        client.create().resource(subscription("Observation?patient=" + patient + "&code=http://loinc.org|85353-1",
                "panels-" + patient, "application/fhir+json")).execute();
        client.create().resource(subscription("Observation?patient=" + patient + "&code=http://loinc.org|8867-4",
                "hr-" + patient, null)).execute();

        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        String resource = """
                {"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org",\
                "code":"85353-1"}]},"subject":{"reference":"Patient/%s"},"effectiveDateTime":"2026-11-21T09:30:00Z",\
                "hasMember":[{"reference":"Observation/member-1"}]}""".formatted(patient);
        publish(Topics.OBSERVATION_DOCUMENT_RECORDED.name(), patient, Topics.OBSERVATION_DOCUMENT_RECORDED.codec()
                .encode(new ObservationDocumentRecorded(id, patient, "fhir:ehr", "panel-1", "85353-1",
                        now.minusSeconds(60), now, "final", resource, null)));

        await().atMost(Duration.ofSeconds(60)).until(() -> to("/hook/all-" + patient).size() == 1
                && to("/hook/panels-" + patient).size() == 1);
        Observation panel = FHIR.newJsonParser().parseResource(Observation.class,
                to("/hook/panels-" + patient).getFirst()[2]);
        assertThat(panel.getIdElement().getIdPart()).isEqualTo(id.toString());
        assertThat(panel.getMeta().getVersionId()).isEqualTo("1");
        assertThat(panel.getHasMember()).extracting(r -> r.getReference()).containsExactly("Observation/member-1");
        assertThat(to("/hook/hr-" + patient)).isEmpty();
    }

    @Test
    void anAlertChangeIsNotifiedWithAnEmptyBodyWhenNoPayloadIsAsked() {
        IGenericClient client = integrator(this);
        String patient = "p-" + UUID.randomUUID();
        client.create().resource(subscription("Flag?patient=" + patient, "flag-" + patient, null)).execute();
        String json = "flag-json-" + patient;
        client.create().resource(subscription("Flag?patient=" + patient, json, "application/fhir+json")).execute();

        Instant now = Instant.now();
        AlertChanged raised = new AlertChanged(UUID.randomUUID(), UUID.randomUUID().toString(), patient, "raised",
                "heart-rate-high", "clinical", "high", "open", "heart-rate", "Heart rate 142 /min is above 130 /min",
                142.0, "/min", now, now, now, null, 0);
        publish(patient, Topics.ALERT_CHANGED.codec().encode(raised));

        await().atMost(Duration.ofSeconds(60)).until(() -> to("/hook/flag-" + patient).size() == 1
                && to("/hook/" + json).size() == 1);
        assertThat(to("/hook/flag-" + patient).getFirst()[2]).isEmpty();
        Flag flag = FHIR.newJsonParser().parseResource(Flag.class, to("/hook/" + json).getFirst()[2]);
        assertThat(flag.getIdElement().getIdPart()).isEqualTo(raised.alertId());
        assertThat(flag.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
    }

    /**
     * Issue 13, item 4: access granted once does not keep flowing. A Subscription made under a break-glass grant is
     * notified while the grant lasts; after it ends, the next notification is withheld (audited as denied) and the
     * Subscription turned off with the reason; every delivery is audited under the owner's name.
     */
    @Test
    void aSubscriptionMadeUnderABreakGlassGrantIsTurnedOffWhenTheGrantEndsAndItsDeliveriesAreAudited() {
        breakGlassUntil = Instant.now().plusSeconds(10);
        IGenericClient ben = client(TestIssuer.clinician("ben-glass"));
        String patient = BREAK_GLASS_PATIENT;
        String id = ben.create().resource(subscription("Flag?patient=" + patient, "glass-" + patient,
                "application/fhir+json")).execute().getId().getIdPart();

        Instant now = Instant.now();
        publish(patient, Topics.ALERT_CHANGED.codec().encode(new AlertChanged(UUID.randomUUID(),
                UUID.randomUUID().toString(), patient, "raised", "heart-rate-high", "clinical", "high", "open",
                "heart-rate", "Heart rate 142 /min is above 130 /min", 142.0, "/min", now, now, now, null, 0)));
        await().atMost(Duration.ofSeconds(60)).until(() -> to("/hook/glass-" + patient).size() == 1);

        await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(breakGlassUntil));
        Instant later = Instant.now();
        publish(patient, Topics.ALERT_CHANGED.codec().encode(new AlertChanged(UUID.randomUUID(),
                UUID.randomUUID().toString(), patient, "raised", "spo2-low", "clinical", "high", "open",
                "spo2", "SpO2 85 % is below 88 %", 85.0, "%", later, later, later, null, 0)));

        await().atMost(Duration.ofSeconds(60)).until(() -> ben.read().resource(Subscription.class).withId(id)
                .execute().getStatus() == SubscriptionStatus.OFF);
        Subscription off = ben.read().resource(Subscription.class).withId(id).execute();
        assertThat(off.getError()).contains("may no longer read").contains("Patient/" + patient);
        assertThat(to("/hook/glass-" + patient)).hasSize(1);

        String channel = "POST rest-hook Subscription/" + id;
        assertThat(AuditRecords.matching(r -> channel.equals(r.request()) && r.outcome().equals("success")))
                .allMatch(r -> r.agent().equals("ben-glass") && r.breakGlass() && r.resource().equals("Flag")
                        && r.patientIds().equals(List.of(patient)));
        assertThat(AuditRecords.matching(r -> channel.equals(r.request()) && r.outcome().equals("denied")))
                .hasSize(1);
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffAndTheSubscriptionShowsTheErrorUntilItSucceeds() {
        IGenericClient client = integrator(this);
        String patient = "p-" + UUID.randomUUID();
        String hook = "flaky-" + patient;
        failures.put("/hook/" + hook, new AtomicInteger(2));
        String id = client.create().resource(subscription("Observation?patient=" + patient, hook,
                "application/fhir+json")).execute().getId().getIdPart();

        publish(patient, Topics.READING_RECORDED.codec().encode(heartRate(patient)));

        await().atMost(Duration.ofSeconds(60)).until(() -> client.read().resource(Subscription.class).withId(id)
                .execute().getStatus() == SubscriptionStatus.ERROR);
        Subscription failing = client.read().resource(Subscription.class).withId(id).execute();
        assertThat(failing.getError()).contains("HTTP 500", "attempt", "next attempt at");

        await().atMost(Duration.ofSeconds(60)).until(() -> client.read().resource(Subscription.class).withId(id)
                .execute().getStatus() == SubscriptionStatus.ACTIVE);
        assertThat(client.read().resource(Subscription.class).withId(id).execute().hasError()).isFalse();
        assertThat(to("/hook/" + hook)).hasSize(3);
    }

    @Test
    void twoReplicasAgainstOneDatabaseDeliverEachNotificationExactlyOnce() throws Exception {
        IGenericClient client = integrator(this);
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String patient = "p-twice-" + i + "-" + UUID.randomUUID();
            patients.add(patient);
            client.create().resource(subscription("Observation?patient=" + patient, "once-" + patient,
                    "application/fhir+json")).execute();
        }
        try (ConfigurableApplicationContext second = secondReplica()) {
            List<String> published = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (String patient : patients) {
                    ReadingRecorded reading = heartRate(patient);
                    published.add(reading.eventId().toString());
                    publish(patient, Topics.READING_RECORDED.codec().encode(reading));
                }
            }

            await().atMost(Duration.ofSeconds(90)).until(() -> onceRequests().size() >= published.size());
            Thread.sleep(3000);
            List<String> ids = onceRequests().stream().map(r -> FHIR.newJsonParser()
                    .parseResource(Observation.class, r[2]).getIdElement().getIdPart()).toList();
            assertThat(ids).containsExactlyInAnyOrderElementsOf(published);
        }
    }

    @Test
    void headersKeptInClearBeforeAreSealedAtStartUpAndStillRead() {
        IGenericClient client = integrator(this);
        String id = client.create().resource(subscription("Observation?patient=p-" + UUID.randomUUID(), "legacy",
                "application/fhir+json")).execute().getId().getIdPart();
        // As migration V6 leaves a Subscription stored before headers were sealed: in clear, also in the document.
        jdbc.sql("""
                update subscription set headers = array['Authorization: Bearer legacy-secret'], headers_sealed = false,
                       resource = jsonb_set(cast(resource as jsonb), '{channel,header}',
                                            '["Authorization: Bearer legacy-secret"]')::text
                 where id = :id""").param("id", UUID.fromString(id)).update();
        assertThat(storedHeadersAndDocument(id)).contains("legacy-secret");

        assertThat(sealing.sealStored()).isGreaterThanOrEqualTo(1);

        assertThat(storedHeadersAndDocument(id)).contains("v1:it:").doesNotContain("legacy-secret");
        assertThat(client.read().resource(Subscription.class).withId(id).execute().getChannel().getHeader())
                .extracting(h -> h.getValue()).containsExactly("Authorization: Bearer legacy-secret");
        client.delete().resourceById("Subscription", id).execute();
    }

    private String storedHeadersAndDocument(String id) {
        return jdbc.sql("select array_to_string(headers, ' ') || ' ' || resource from subscription where id = :id")
                .param("id", UUID.fromString(id)).query(String.class).single();
    }

    private static List<String[]> onceRequests() {
        return received.stream().filter(r -> r[0].startsWith("/hook/once-p-twice-")).toList();
    }

    /** A second fhir-service on the same database and Kafka, in the same consumer group: another replica. */
    private static ConfigurableApplicationContext secondReplica() {
        Map<String, Object> properties = new HashMap<>();
        DynamicPropertyRegistry registry = (name, value) -> properties.put(name, value.get());
        VigilInfrastructure.register(registry);
        TestIssuer.register(registry);
        properties.put("server.port", 0);
        properties.put("vigil.vitals.url", base());
        properties.put("VIGIL_VITALS_URL", base());
        properties.put("vigil.alert.url", base());
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(FhirServiceApplication.class).run(args);
    }

    private static ReadingRecorded heartRate(String patient) {
        Instant now = Instant.now();
        return new ReadingRecorded(UUID.randomUUID(), "dev-it", "r-" + UUID.randomUUID(), patient, "heart-rate",
                now.minusSeconds(5), now, 72.0, "/min", null, null, null, null, null, null, "device");
    }

    private static List<String[]> to(String path) {
        return received.stream().filter(r -> r[0].equals(path)).toList();
    }

    private static void publish(String key, byte[] value) {
        publish(isAlert(value) ? Topics.ALERT_CHANGED.name() : Topics.READING_RECORDED.name(), key, value);
    }

    private static synchronized void publish(String topic, String key, byte[] value) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, VigilInfrastructure.kafkaBootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        }
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish", e);
        }
    }

    private static boolean isAlert(byte[] value) {
        return new String(value, StandardCharsets.UTF_8).contains("\"alertId\"");
    }

    static String base() {
        return "http://localhost:" + stub.getAddress().getPort();
    }

    private static HttpServer startStub() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/internal/v1/", SubscriptionIT::vitals);
            server.createContext("/hook/", SubscriptionIT::hook);
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void hook(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new String[] {path, String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")), body,
                exchange.getRequestHeaders().getFirst("Authorization")});
        AtomicInteger failing = failures.get(path);
        send(exchange, failing != null && failing.getAndDecrement() > 0 ? 500 : 200, "");
    }

    private static void vitals(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().toString();
        if (target.startsWith("/internal/v1/subjects/ada/patients")) {
            send(exchange, 200, "{\"subject\": \"ada\", \"patients\": [{\"patientId\": \"" + CARE_TEAM_PATIENT
                    + "\", \"basis\": \"care-team\"}]}");
        } else if (target.startsWith("/internal/v1/subjects/ben-glass/patients")) {
            send(exchange, 200, "{\"subject\": \"ben-glass\", \"patients\": [{\"patientId\": \"" + BREAK_GLASS_PATIENT
                    + "\", \"basis\": \"break-glass\", \"until\": \"" + breakGlassUntil + "\"}]}");
        } else if (target.startsWith("/internal/v1/subjects/")) {
            send(exchange, 200, "{\"subject\": \"x\", \"patients\": []}");
        } else {
            send(exchange, 404, "{\"title\": \"Not Found\", \"status\": 404}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
