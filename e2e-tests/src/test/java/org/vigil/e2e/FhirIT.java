package org.vigil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5 end to end: an integrator on HAPI's own client, through the gateway, against the real services (vitals,
 * alert and fhir on PostgreSQL and Kafka). Module tests cover each interaction in depth; this proves they hold
 * together: writes go through Kafka into vitals and alert, and come back as FHIR.
 */
class FhirIT {

    private static final Duration PIPELINE = Duration.ofSeconds(30);
    private static final String HEART_RATE = "8867-4";

    static IGenericClient fhir;

    @BeforeAll
    static void start() {
        Platform.get();
        fhir = FhirClients.admin();
    }

    /**
     * Issue 13: every clinician posts through the one dashboard client; the same Observation (same identifier) from
     * two clinicians is two readings, from one clinician twice is one.
     */
    @Test
    void twoCliniciansPostingTheSameObservationThroughTheDashboardAreBothRecorded() {
        Api admin = new Api(Platform.get().gateway());
        String patient = admin.createPatient("Quillfeather", "Shared");
        String team = admin.post("/api/v1/care-teams", "{\"name\":\"E2E shared obs " + UUID.randomUUID() + "\"}")
                .json().get("id").asString();
        for (String member : List.of("ada", "ben")) {
            assertThat(admin.put("/api/v1/care-teams/" + team + "/members/" + member, null).status()).isEqualTo(200);
        }
        assertThat(admin.put("/api/v1/care-teams/" + team + "/patients/" + patient, null).status()).isEqualTo(200);
        Api ada = BrowserSession.signIn("ada", "ada-demo-password").api();
        Api ben = BrowserSession.signIn("ben", "ben-demo-password").api();
        String observation = """
                {"resourceType":"Observation","status":"final",
                 "identifier":[{"system":"urn:e2e:ward-round","value":"%s"}],
                 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category",
                                         "code":"vital-signs"}]}],
                 "code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},
                 "subject":{"reference":"Patient/%s"},
                 "effectiveDateTime":"%s",
                 "valueQuantity":{"value":88,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}
                """.formatted(UUID.randomUUID(), patient, Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60));

        Api.Response adas = ada.post("/fhir/Observation", observation);
        Api.Response bens = ben.post("/fhir/Observation", observation);

        assertThat(adas.status()).as(adas.body()).isEqualTo(201);
        assertThat(bens.status()).as("ben's is not a duplicate of ada's: " + bens.body()).isEqualTo(201);
        String search = "/fhir/Observation?patient=Patient/" + patient + "&code=http://loinc.org%7C" + HEART_RATE;
        await().atMost(PIPELINE).until(() -> ada.get(search).json().get("entry"), entries -> entries != null
                && entries.size() == 2);
        Api.Response again = ada.post("/fhir/Observation", observation);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(observationId(again)).isEqualTo(observationId(adas));
        assertThat(ada.get(search).json().get("entry")).hasSize(2);
    }

    private static String observationId(Api.Response response) {
        String location = response.raw().headers().firstValue("Location").orElseThrow();
        String afterType = location.substring(location.indexOf("/Observation/") + "/Observation/".length());
        return afterType.contains("/") ? afterType.substring(0, afterType.indexOf('/')) : afterType;
    }

    @Test
    void concurrentConditionalCreatesOfOnePatientMakeOnePatient() throws Exception {
        String identifier = "e2e-" + UUID.randomUUID();
        List<Callable<String>> creates = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            creates.add(() -> {
                Patient patient = patient("Concurrent", identifier);
                MethodOutcome outcome = fhir.create().resource(patient)
                        .conditionalByUrl("Patient?identifier=urn:vigil:e2e|" + identifier).execute();
                return outcome.getId().getIdPart();
            });
        }
        Set<String> ids = new HashSet<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (Future<String> id : pool.invokeAll(creates)) {
                ids.add(id.get());
            }
        }

        Bundle found = fhir.search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndCode("urn:vigil:e2e", identifier))
                .returnBundle(Bundle.class).execute();
        assertThat(ids).hasSize(1);
        assertThat(found.getEntry()).singleElement()
                .satisfies(e -> assertThat(e.getResource().getIdElement().getIdPart()).isEqualTo(ids.iterator().next()));
    }

    @Test
    void theHl7HeartRateExamplePostedByAnIntegratorComesBackEquivalent() throws IOException {
        String patientId = createPatient("Example");
        Observation example = FhirClients.context().newJsonParser().parseResource(Observation.class,
                Files.readString(examples().resolve("Observation-heart-rate.json")));
        example.setSubject(new Reference("Patient/" + patientId));
        example.setId((String) null);

        MethodOutcome created = fhir.create().resource(example).execute();
        String id = created.getId().getIdPart();

        Observation back = await().atMost(PIPELINE).ignoreException(ResourceNotFoundException.class)
                .until(() -> fhir.read().resource(Observation.class).withId(id).execute(), o -> true);
        assertThat(back.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
        assertThat(back.getCode().getCodingFirstRep().getCode()).isEqualTo(HEART_RATE);
        assertThat(back.getValueQuantity().getValue()).isEqualByComparingTo("44");
        assertThat(back.getValueQuantity().getCode()).isEqualTo("/min");
        assertThat(back.getEffectiveDateTimeType().getValueAsString()).isEqualTo("1999-07-02");
        assertThat(back.getSubject().getReference()).isEqualTo("Patient/" + patientId);
        assertThat(back.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
        assertThat(back.getMeta().getProfile()).extracting(p -> p.getValue())
                .contains("http://hl7.org/fhir/StructureDefinition/vitalsigns");
    }

    @Test
    void aCancelledReadingIsStoredButOnlyTheFinalOneRaisesTheAlert() {
        String patientId = createPatient("Cancelled");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Observation cancelled = heartRate(patientId, 180, now.minusSeconds(120));
        cancelled.setStatus(Observation.ObservationStatus.CANCELLED);
        String cancelledId = fhir.create().resource(cancelled).execute().getId().getIdPart();
        Observation breaching = heartRate(patientId, 175, now.minusSeconds(60));
        String breachingId = fhir.create().resource(breaching).execute().getId().getIdPart();

        // Both reach alert-service in order (one partition per patient): once the alert is there, the cancelled
        // reading has been seen, and the alert names the final reading as its worst value.
        Bundle flags = await().atMost(PIPELINE).until(() -> fhir.search().forResource(Flag.class)
                .where(Flag.PATIENT.hasId(patientId)).returnBundle(Bundle.class).execute(), b -> b.hasEntry());
        assertThat(flags.getEntry()).singleElement().satisfies(entry -> {
            Flag flag = (Flag) entry.getResource();
            assertThat(flag.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
            Extension detail = flag.getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/flag-detail");
            assertThat(((Reference) detail.getValue()).getReference()).isEqualTo("Observation/" + breachingId);
        });
        Observation stored = await().atMost(PIPELINE).ignoreException(ResourceNotFoundException.class)
                .until(() -> fhir.read().resource(Observation.class).withId(cancelledId).execute(), o -> true);
        assertThat(stored.getStatus()).isEqualTo(Observation.ObservationStatus.CANCELLED);
    }

    @Test
    void aTransactionBundleWritesPatientDeviceAndObservationTogether() {
        String serial = "E2E-" + UUID.randomUUID();
        Patient patient = patient("Transaction", serial);
        Device device = new Device();
        device.setManufacturer("Acme Medical");
        device.setSerialNumber(serial);
        device.addDeviceName().setName("Acme HR-1").setType(Device.DeviceNameType.MODELNAME);
        device.setPatient(new Reference("urn:uuid:patient-1"));
        Observation reading = heartRate(null, 88, Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS));
        reading.setSubject(new Reference("urn:uuid:patient-1"));
        reading.setDevice(new Reference("urn:uuid:device-1"));
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction.addEntry().setFullUrl("urn:uuid:patient-1").setResource(patient).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        transaction.addEntry().setFullUrl("urn:uuid:device-1").setResource(device).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Device");
        transaction.addEntry().setFullUrl("urn:uuid:reading-1").setResource(reading).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

        Bundle response = fhir.transaction().withBundle(transaction).execute();

        assertThat(response.getEntry()).hasSize(3).allSatisfy(
                e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
        String patientId = new IdType(response.getEntry().get(0).getResponse().getLocation()).getIdPart();
        String deviceId = new IdType(response.getEntry().get(1).getResponse().getLocation()).getIdPart();
        Bundle devices = fhir.search().forResource(Device.class).where(Device.PATIENT.hasId(patientId))
                .returnBundle(Bundle.class).execute();
        assertThat(devices.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly(deviceId);
        Bundle withDevice = await().atMost(PIPELINE).until(() -> fhir.search().forResource(Observation.class)
                .where(Observation.PATIENT.hasId(patientId))
                .where(new TokenClientParam("code").exactly().systemAndCode("http://loinc.org", HEART_RATE))
                .include(Observation.INCLUDE_DEVICE)
                .returnBundle(Bundle.class).execute(), b -> b.getEntry().size() == 2);
        assertThat(withDevice.getEntry()).extracting(e -> e.getResource().fhirType())
                .containsExactlyInAnyOrder("Observation", "Device");
    }

    /**
     * Atomic: a transaction with a failing entry (a device serial already taken) leaves nothing of the others, not
     * the Patient, not the reading's claim; the same Bundle with a free serial then writes all of it, one reading.
     * (Kafka down at the commit is vitals-service's ReadingOutboxIT: the reading waits in the outbox.)
     */
    @Test
    void aTransactionThatFailsLeavesNothingAndItsRetryWritesEverythingOnce() {
        String identifier = "atomic-" + UUID.randomUUID();
        String taken = "E2E-" + UUID.randomUUID();
        fhir.create().resource(device(taken)).execute();
        Observation reading = heartRate(null, 77, Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS));
        reading.setSubject(new Reference("urn:uuid:patient-a"));

        assertThatThrownBy(() -> fhir.transaction().withBundle(atomicBundle(identifier, reading, taken)).execute())
                .isInstanceOfSatisfying(ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(409));
        Bundle none = fhir.search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndCode("urn:vigil:e2e", identifier))
                .returnBundle(Bundle.class).execute();
        assertThat(none.getEntry()).as("the Patient of the failed transaction").isEmpty();

        Bundle response = fhir.transaction().withBundle(atomicBundle(identifier, reading,
                "E2E-" + UUID.randomUUID())).execute();

        assertThat(response.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
        String patientId = new IdType(response.getEntry().get(0).getResponse().getLocation()).getIdPart();
        String readingId = new IdType(response.getEntry().get(2).getResponse().getLocation()).getIdPart();
        await().atMost(PIPELINE).until(() -> total(patientId) == 1);
        assertThat(fhir.read().resource(Observation.class).withId(readingId).execute().getSubject().getReference())
                .isEqualTo("Patient/" + patientId);
    }

    private static Bundle atomicBundle(String identifier, Observation reading, String serial) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setFullUrl("urn:uuid:patient-a").setResource(patient("Atomic", identifier)).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        bundle.addEntry().setFullUrl("urn:uuid:device-a").setResource(device(serial)).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Device");
        bundle.addEntry().setFullUrl("urn:uuid:reading-a").setResource(reading.copy()).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        return bundle;
    }

    private static Device device(String serial) {
        Device device = new Device().setManufacturer("Acme Medical").setSerialNumber(serial);
        device.addDeviceName().setName("Acme HR-1").setType(Device.DeviceNameType.MODELNAME);
        return device;
    }

    /**
     * The HL7 vitals-panel example is accepted, comes back equivalent and is notified to a Subscription on its code;
     * in a transaction with its member, the panel's hasMember names the member's Observation id, and the panels are
     * found by code.
     */
    @Test
    void aVitalSignsPanelComesBackEquivalentAndNamesItsMembersOfTheSameTransaction() throws IOException {
        String patientId = createPatient("Panel");
        Observation example = fhir.getFhirContext().newJsonParser().parseResource(Observation.class,
                Files.readString(examples().resolve("Observation-vitals-panel.json")));
        example.setSubject(new Reference("Patient/" + patientId));
        List<String> notified = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/panels", exchange -> {
            notified.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        MethodOutcome created;
        try {
            Subscription subscription = new Subscription();
            subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
            subscription.setReason("e2e panels");
            subscription.setCriteria("Observation?patient=" + patientId + "&code=http://loinc.org|85353-1");
            subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK)
                    .setEndpoint("http://127.0.0.1:" + receiver.getAddress().getPort() + "/panels")
                    .setPayload("application/fhir+json");
            fhir.create().resource(subscription).execute();

            created = fhir.create().resource(example).execute();

            await().atMost(PIPELINE).until(() -> !notified.isEmpty());
            assertThat(notified).singleElement().asString().contains(created.getId().getIdPart(), "85353-1");
        } finally {
            receiver.stop(0);
        }

        Observation read = fhir.read().resource(Observation.class).withId(created.getId().getIdPart()).execute();
        Observation expected = example.copy();
        expected.setIdElement(null);
        Observation comparable = read.copy();
        comparable.setIdElement(null);
        comparable.setMeta(null);
        expected.setMeta(null);
        assertThat(comparable.equalsDeep(expected)).as("the panel read back equals the posted one").isTrue();

        Observation member = heartRate(patientId, 64, Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS));
        Observation panel = example.copy();
        panel.setIdElement(null);
        panel.setEffective(member.getEffective());
        panel.getHasMember().clear();
        panel.addHasMember(new Reference("urn:uuid:member-1"));
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction.addEntry().setFullUrl("urn:uuid:member-1").setResource(member).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        transaction.addEntry().setFullUrl("urn:uuid:panel-1").setResource(panel).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        Bundle response = fhir.transaction().withBundle(transaction).execute();

        String memberId = new IdType(response.getEntry().get(0).getResponse().getLocation()).getIdPart();
        String panelId = new IdType(response.getEntry().get(1).getResponse().getLocation()).getIdPart();
        Observation storedPanel = fhir.read().resource(Observation.class).withId(panelId).execute();
        assertThat(storedPanel.getHasMember()).extracting(Reference::getReference)
                .containsExactly("Observation/" + memberId);
        Observation storedMember = await().atMost(PIPELINE).until(() -> {
            try {
                return fhir.read().resource(Observation.class).withId(memberId).execute();
            } catch (ResourceNotFoundException e) {
                return null;
            }
        }, o -> o != null);
        assertThat(storedMember.getValueQuantity().getValue().doubleValue()).isEqualTo(64.0);
        Bundle panels = fhir.search().forResource(Observation.class).where(Observation.PATIENT.hasId(patientId))
                .where(new TokenClientParam("code").exactly().systemAndCode("http://loinc.org", "85353-1"))
                .returnBundle(Bundle.class).execute();
        assertThat(panels.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactlyInAnyOrder(created.getId().getIdPart(), panelId);
    }

    @Test
    void pagingThroughTheGatewayNeitherSkipsNorRepeatsWhileReadingsArrive() {
        String patientId = createPatient("Paging");
        Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Set<String> before = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            before.add(fhir.create().resource(heartRate(patientId, 70 + i, base.plusSeconds(60L * i))).execute()
                    .getId().getIdPart());
        }
        await().atMost(PIPELINE).until(() -> total(patientId) == 7);

        List<String> seen = new ArrayList<>();
        Bundle page = fhir.search().forResource(Observation.class).where(Observation.PATIENT.hasId(patientId))
                .where(new TokenClientParam("code").exactly().code(HEART_RATE)).count(3)
                .returnBundle(Bundle.class).execute();
        int arrived = 0;
        while (true) {
            page.getEntry().forEach(e -> seen.add(e.getResource().getIdElement().getIdPart()));
            if (arrived < 2) {
                // newer and older readings arrive during the walk
                fhir.create().resource(heartRate(patientId, 90 + arrived,
                        arrived == 0 ? base.plusSeconds(3600) : base.minusSeconds(3600))).execute();
                arrived++;
            }
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            page = fhir.loadPage().next(page).execute();
        }
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(before);
    }

    @Test
    void lastnAnswersTheNewestReadingsPerCode() {
        String patientId = createPatient("Lastn");
        Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(fhir.create().resource(heartRate(patientId, 60 + i, base.plusSeconds(60L * i))).execute()
                    .getId().getIdPart());
        }
        await().atMost(PIPELINE).until(() -> total(patientId) == 4);

        Bundle lastn = fhir.operation().onType(Observation.class).named("$lastn")
                .withParameters(new Parameters().addParameter("patient", patientId).addParameter("max", "2"))
                .useHttpGet().returnResourceType(Bundle.class).execute();

        // Per code: the two newest heart rates, and (each reading is scored) at most two NEWS2 scores.
        List<Observation> found = lastn.getEntry().stream().map(e -> (Observation) e.getResource()).toList();
        assertThat(found).filteredOn(o -> HEART_RATE.equals(o.getCode().getCodingFirstRep().getCode()))
                .extracting(o -> o.getIdElement().getIdPart()).containsExactlyInAnyOrder(ids.get(3), ids.get(2));
        assertThat(found).filteredOn(o -> !HEART_RATE.equals(o.getCode().getCodingFirstRep().getCode()))
                .allSatisfy(o -> assertThat(o.getCode().getCodingFirstRep().getCode()).isEqualTo("1104051000000101"))
                .hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aRestHookSubscriptionIsNotifiedOnceOfANewObservation() throws IOException {
        String patientId = createPatient("Subscribed");
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Subscription subscription = new Subscription();
            subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
            subscription.setReason("e2e");
            subscription.setCriteria("Observation?patient=" + patientId);
            subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK)
                    .setEndpoint("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                    .setPayload("application/fhir+json");
            String subscriptionId = fhir.create().resource(subscription).execute().getId().getIdPart();

            String observationId = fhir.create().resource(heartRate(patientId, 77,
                    Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.SECONDS))).execute().getId().getIdPart();

            await().atMost(PIPELINE).until(() -> !received.isEmpty());
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(received).singleElement().asString().contains(observationId);
            assertThat(fhir.read().resource(Subscription.class).withId(subscriptionId).execute().getStatus())
                    .isEqualTo(Subscription.SubscriptionStatus.ACTIVE);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void theCapabilityStatementListsTheSearchParametersAndOperations() {
        CapabilityStatement capabilities = fhir.capabilities().ofType(CapabilityStatement.class).execute();

        CapabilityStatementRestResourceComponent patient = resource(capabilities, "Patient");
        CapabilityStatementRestResourceComponent observation = resource(capabilities, "Observation");
        assertThat(patient.getSearchParam()).extracting(CapabilityStatementRestResourceSearchParamComponent::getName)
                .contains("identifier", "name", "family", "birthdate", "_id");
        assertThat(patient.getConditionalCreate()).isTrue();
        assertThat(observation.getSearchParam())
                .extracting(CapabilityStatementRestResourceSearchParamComponent::getName)
                .contains("subject", "patient", "code", "category", "date", "device");
        assertThat(resource(capabilities, "Flag")).isNotNull();
        assertThat(resource(capabilities, "Subscription")).isNotNull();
        assertThat(resource(capabilities, "Device")).isNotNull();
    }

    @Test
    void anUnknownSearchParameterIsRefusedUnlessTheClientAsksForLenience() {
        String patientId = createPatient("Strict");
        String url = "Observation?patient=" + patientId + "&colour=blue";

        assertThatThrownBy(() -> fhir.search().byUrl(url).returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("colour");
        Bundle lenient = fhir.search().byUrl(url).withAdditionalHeader("Prefer", "handling=lenient")
                .returnBundle(Bundle.class).execute();
        assertThat(lenient.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
    }

    private static CapabilityStatementRestResourceComponent resource(CapabilityStatement capabilities, String type) {
        return capabilities.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals(type))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " in the CapabilityStatement"));
    }

    /** Heart rates only: every reading also makes alert-service score NEWS2, and scores are Observations too. */
    private static int total(String patientId) {
        return fhir.search().forResource(Observation.class).where(Observation.PATIENT.hasId(patientId))
                .where(new TokenClientParam("code").exactly().code(HEART_RATE)).count(100)
                .returnBundle(Bundle.class).execute().getEntry().size();
    }

    private static Path examples() {
        return Path.of("..", "fhir-service", "src", "test", "resources", "hl7-examples");
    }

    private static String createPatient(String family) {
        return fhir.create().resource(patient(family, UUID.randomUUID().toString())).execute().getId().getIdPart();
    }

    private static Patient patient(String family, String identifier) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:vigil:e2e").setValue(identifier);
        patient.addName().setFamily(family).addGiven("E2e");
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1950-03-04"));
        return patient;
    }

    private static Observation heartRate(String patientId, double value, Instant time) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addIdentifier().setSystem("urn:vigil:e2e:reading").setValue(UUID.randomUUID().toString());
        observation.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
                .setCode("vital-signs");
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode(HEART_RATE).setDisplay("Heart rate");
        if (patientId != null) {
            observation.setSubject(new Reference("Patient/" + patientId));
        }
        observation.setEffective(new DateTimeType(Date.from(time)));
        observation.setValue(new Quantity().setValue(value).setUnit("beats/minute")
                .setSystem("http://unitsofmeasure.org").setCode("/min"));
        return observation;
    }
}
