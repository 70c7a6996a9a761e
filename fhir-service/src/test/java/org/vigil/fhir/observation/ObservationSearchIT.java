package org.vigil.fhir.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.gclient.IQuery;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vigil.common.vitals.VitalType;
import org.vigil.testsupport.TestIssuer;
import org.vigil.testsupport.VigilInfrastructure;

/**
 * Observation search, paging, includes, counts and $lastn through HAPI's client, against vitals-service and
 * alert-service played in memory as the issue 5 contract states their internal APIs ({@link InternalApiStub}):
 * readings, NEWS2 scores and Observation documents (the HL7 R4 example vital signs panel, LOINC 85353-1).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ObservationSearchIT {

    static final String PATIENT = "7d1e0c8a-4f0e-4b7a-9d43-1f4f1f0f2a11";
    static final String OTHER_PATIENT = "7d1e0c8a-4f0e-4b7a-9d43-1f4f1f0f2a22";
    static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
    static final FhirContext FHIR = FhirContext.forR4();
    static final InternalApiStub stub = new InternalApiStub();
    static final String TOKEN = TestIssuer.integrator("ehr", "system/Observation.rs system/Device.rs system/Patient.rs");
    static final AtomicInteger ids = new AtomicInteger();

    @LocalServerPort
    int port;

    IGenericClient client;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        VigilInfrastructure.registerKafka(registry);
        TestIssuer.register(registry);
        registry.add("vigil.vitals.url", stub::vitalsUrl);
        registry.add("VIGIL_VITALS_URL", stub::vitalsUrl);
        registry.add("vigil.alert.url", stub::alertUrl);
    }

    @AfterAll
    static void stop() {
        stub.stop();
    }

    @BeforeEach
    void client() {
        stub.clear();
        client = client(TOKEN);
    }

    IGenericClient client(String token) {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient c = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        c.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return c;
    }

    /** Ids sort in creation order, so ties in time are broken in a known way; half of them go first. */
    static String id() {
        int n = ids.incrementAndGet();
        return "0b7f3c2e-0000-4000-8000-" + String.format("%012d", n);
    }

    static InternalApiStub.Reading reading(String type, Instant time) {
        return reading(PATIENT, "dev-1", type, time);
    }

    static InternalApiStub.Reading reading(String patient, String device, String type, Instant time) {
        InternalApiStub.Reading r = new InternalApiStub.Reading(id(), patient, device, type, time, time.plusSeconds(1),
                72);
        stub.readings.add(r);
        return r;
    }

    /**
     * The HL7 example vital signs panel (src/test/resources/hl7-examples) as vitals-service stores it once posted:
     * its subject the patient, its effective time the document's time.
     */
    static InternalApiStub.Document panel(Instant time) {
        return panel(PATIENT, "fhir:ehr", time);
    }

    static InternalApiStub.Document panel(String patient, String device, Instant time) {
        String resource = DocumentMapperTest.hl7Panel().replace("\"Patient/example\"", "\"Patient/" + patient + "\"")
                .replace("\"effectiveDateTime\": \"1999-07-02\"", "\"effectiveDateTime\": \"" + time + "\"");
        InternalApiStub.Document d = new InternalApiStub.Document(id(), patient, device,
                VitalType.VITAL_SIGNS_PANEL_LOINC, time, time.plusSeconds(2), resource);
        stub.documents.add(d);
        return d;
    }

    static InternalApiStub.Score score(Instant time) {
        InternalApiStub.Score s = new InternalApiStub.Score(id(), PATIENT, time, 3);
        stub.scores.add(s);
        return s;
    }

    /** 20 readings (some sharing an instant) and 8 scores (some at a reading's instant, two at one instant). */
    static Set<String> history() {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            all.add(reading(i % 2 == 0 ? "heart-rate" : "spo2", T0.plusSeconds(60L * (i / 3))).id());
        }
        for (int i = 0; i < 8; i++) {
            all.add(score(T0.plusSeconds(60L * (i / 2))).id());
        }
        return all;
    }

    List<String> walk(IQuery<Bundle> first, Runnable betweenPages) {
        List<String> seen = new ArrayList<>();
        Bundle page = first.execute();
        int pages = 0;
        while (true) {
            page.getEntry().forEach(e -> seen.add(e.getResource().getIdElement().getIdPart()));
            if (page.getLink("next") == null || ++pages > 50) {
                break;
            }
            assertThat(page.getLink("next").getUrl()).contains("_cursor=").doesNotContain("_offset");
            betweenPages.run();
            page = client.loadPage().next(page).execute();
        }
        return seen;
    }

    @Test
    void walkingNewestFirstWhileReadingsAndScoresArriveNeitherSkipsNorRepeats() {
        Set<String> original = history();
        AtomicInteger minute = new AtomicInteger(100);
        List<String> seen = walk(client.search().forResource(Observation.class)
                .where(Observation.PATIENT.hasId(PATIENT)).count(5).returnBundle(Bundle.class), () -> {
                    reading("heart-rate", T0.plusSeconds(60L * minute.incrementAndGet()));
                    score(T0.plusSeconds(60L * minute.get()));
                });

        assertThat(seen).doesNotHaveDuplicates().containsAll(original).hasSize(original.size());
    }

    @Test
    void walkingOldestFirstTakesInWhatArrivesAfterTheCursorAndRepeatsNothing() {
        Set<String> original = history();
        Set<String> added = new HashSet<>();
        AtomicInteger minute = new AtomicInteger(100);
        List<String> seen = walk(client.search().forResource(Observation.class)
                .where(Observation.PATIENT.hasId(PATIENT)).sort().ascending(Observation.DATE).count(4)
                .returnBundle(Bundle.class), () -> {
                    if (minute.get() < 104) {
                        added.add(reading("spo2", T0.plusSeconds(60L * minute.incrementAndGet())).id());
                        added.add(score(T0.plusSeconds(60L * minute.get())).id());
                    }
                });

        assertThat(seen).doesNotHaveDuplicates().containsAll(original).containsAll(added)
                .hasSize(original.size() + added.size());
        List<Instant> times = new ArrayList<>();
        seen.forEach(id -> times.add(stub.readings.stream().filter(r -> r.id().equals(id))
                .map(InternalApiStub.Reading::time).findFirst().orElseGet(() -> stub.scores.stream()
                        .filter(s -> s.id().equals(id)).findFirst().orElseThrow().computedAt())));
        assertThat(times).isSorted();
    }

    @Test
    void moreScoresAtOneInstantThanAPageHoldsArePagedWithoutLossInBothOrders() {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            all.add(score(T0).id());
        }
        all.add(reading("heart-rate", T0).id());
        all.add(score(T0.minusSeconds(1)).id());

        for (boolean newestFirst : List.of(true, false)) {
            IQuery<Bundle> query = client.search().forResource(Observation.class)
                    .where(Observation.PATIENT.hasId(PATIENT)).count(2).returnBundle(Bundle.class);
            List<String> seen = walk(newestFirst ? query.sort().descending(Observation.DATE)
                    : query.sort().ascending(Observation.DATE), () -> { });
            assertThat(seen).as(newestFirst ? "newest first" : "oldest first").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(all);
        }
    }

    @Test
    void aPageThatEndsTheSearchHasNoNextLink() {
        reading("heart-rate", T0);
        reading("heart-rate", T0.plusSeconds(60));

        Bundle bundle = client.search().forResource(Observation.class).where(Observation.PATIENT.hasId(PATIENT))
                .and(Observation.CODE.exactly().code("8867-4")).count(2).returnBundle(Bundle.class).execute();

        assertThat(bundle.getEntry()).hasSize(2);
        assertThat(bundle.getLink("next")).isNull();
        assertThat(bundle.hasTotal()).as("a page does not know the total").isFalse();
    }

    @Test
    void aDayIsTheWholeDayAndPrefixesMapToFromAfterToBefore() {
        client.search().forResource(Observation.class).where(Observation.PATIENT.hasId(PATIENT))
                .and(Observation.CODE.exactly().code("8867-4"))
                .and(Observation.DATE.exactly().day("2026-11-21")).returnBundle(Bundle.class).execute();
        assertThat(stub.vitalsRequests).anyMatch(r -> r.contains("type=heart-rate&from=2026-11-21T00:00:00Z"
                + "&before=2026-11-22T00:00:00Z&order=desc"));
        stub.vitalsRequests.clear();

        client.search().byUrl("Observation?patient=" + PATIENT + "&code=http://loinc.org%7C8867-4"
                + "&date=gt2026-11-21T10:00:00.000Z&date=lt2026-11-21T12:00:00.000Z").returnBundle(Bundle.class)
                .execute();
        assertThat(stub.vitalsRequests).anyMatch(r -> r.contains("&after=2026-11-21T10:00:00Z"
                + "&before=2026-11-21T12:00:00Z&"));
        stub.vitalsRequests.clear();

        client.search().byUrl("Observation?patient=" + PATIENT + "&code=8867-4&date=ge2026-11-21&date=le2026-11-22")
                .returnBundle(Bundle.class).execute();
        assertThat(stub.vitalsRequests).anyMatch(r -> r.contains("&from=2026-11-21T00:00:00Z"
                + "&before=2026-11-23T00:00:00Z&"));
    }

    @Test
    void readingsOutsideTheDateRangeAreNotFound() {
        reading("heart-rate", Instant.parse("2026-11-20T23:59:59Z"));
        InternalApiStub.Reading inside = reading("heart-rate", Instant.parse("2026-11-21T00:00:00Z"));
        reading("heart-rate", Instant.parse("2026-11-22T00:00:00Z"));

        Bundle bundle = client.search().forResource(Observation.class).where(Observation.PATIENT.hasId(PATIENT))
                .and(Observation.DATE.exactly().day("2026-11-21")).returnBundle(Bundle.class).execute();

        assertThat(bundle.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly(inside.id());
    }

    @Test
    void categoriesSelectVitalSignsExamsAndNews2Surveys() {
        InternalApiStub.Reading hr = reading("heart-rate", T0);
        InternalApiStub.Reading fall = reading("fall", T0.plusSeconds(5));
        InternalApiStub.Score news2 = score(T0.plusSeconds(10));

        assertThat(ids(Observation.CATEGORY.exactly().code("survey"))).containsExactly(news2.id());
        assertThat(stub.vitalsRequests).noneMatch(r -> r.contains("/readings?"));
        assertThat(ids(Observation.CATEGORY.exactly().systemAndCode(
                "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs")))
                .containsExactly(hr.id());
        assertThat(stub.vitalsRequests).anyMatch(r -> r.contains("type=heart-rate,respiratory-rate"));
        assertThat(ids(Observation.CATEGORY.exactly().code("exam"))).containsExactly(fall.id());
        assertThat(stub.vitalsRequests).anyMatch(r -> r.contains("type=fall&"));
        assertThat(ids(Observation.CATEGORY.exactly().systemAndCode("urn:other", "survey"))).isEmpty();
    }

    List<String> ids(ca.uhn.fhir.rest.gclient.ICriterion<?> criterion) {
        return client.search().forResource(Observation.class).where(Observation.PATIENT.hasId(PATIENT))
                .and(criterion).returnBundle(Bundle.class).execute().getEntry().stream()
                .map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    @Test
    void aDeviceSearchFindsThatDevicesReadingsOfEveryPatientButNoScores() {
        InternalApiStub.Reading mine = reading(PATIENT, "dev-2", "heart-rate", T0);
        InternalApiStub.Reading before = reading(OTHER_PATIENT, "dev-2", "heart-rate", T0.minusSeconds(3600));
        reading(PATIENT, "dev-1", "heart-rate", T0);
        score(T0);

        Bundle bundle = client.search().forResource(Observation.class)
                .where(Observation.DEVICE.hasId("Device/dev-2")).returnBundle(Bundle.class).execute();

        assertThat(bundle.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly(mine.id(), before.id());
        assertThat(stub.vitalsRequests).anyMatch(r -> r.startsWith("GET /internal/v1/readings?deviceId=dev-2&"));
        assertThat(stub.alertRequests).isEmpty();
    }

    @Test
    void aClinicianMustNameThePatientToSearchByDevice() {
        assertThatThrownBy(() -> client(TestIssuer.clinician("ada")).search().forResource(Observation.class)
                .where(Observation.DEVICE.hasId("Device/dev-2")).returnBundle(Bundle.class).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThat(stub.vitalsRequests).noneMatch(r -> r.contains("/readings"));
    }

    @Test
    void includedDevicesComeFromTheDeviceRecordsOncePerDevice() {
        stub.devices.put("dev-1", """
                {"id": "dev-1", "versionId": "3", "lastUpdated": "2026-11-01T00:00:00Z", "manufacturer": "Acme",
                 "serial": "SN-1", "model": "M1", "active": true, "identifiers": ["urn:acme|A-1"],
                 "patientId": "%s", "assignments": [{"patientId": "%s", "from": "2026-11-01T00:00:00Z"}]}"""
                .formatted(PATIENT, PATIENT));
        reading("heart-rate", T0);
        reading("spo2", T0.plusSeconds(1));

        Bundle bundle = client.search().forResource(Observation.class).where(Observation.PATIENT.hasId(PATIENT))
                .and(Observation.CODE.exactly().codes("8867-4", "59408-5"))
                .include(Observation.INCLUDE_DEVICE).returnBundle(Bundle.class).execute();

        assertThat(bundle.getEntry()).filteredOn(e -> e.getResource() instanceof Observation).hasSize(2);
        List<Bundle.BundleEntryComponent> devices = bundle.getEntry().stream()
                .filter(e -> e.getResource() instanceof Device).toList();
        assertThat(devices).singleElement().satisfies(e -> {
            assertThat(e.getSearch().getMode()).isEqualTo(Bundle.SearchEntryMode.INCLUDE);
            Device device = (Device) e.getResource();
            assertThat(device.getIdElement().getIdPart()).isEqualTo("dev-1");
            assertThat(device.getManufacturer()).isEqualTo("Acme");
            assertThat(device.getPatient().getReference()).isEqualTo("Patient/" + PATIENT);
        });
        assertThat(stub.vitalsRequests).filteredOn(r -> r.contains("/device-records/")).hasSize(1);
    }

    @Test
    void summaryCountIsTheTotalOfReadingsAndScoresWithoutEntries() {
        history();

        Bundle bundle = client.search().forResource(Observation.class).where(Observation.PATIENT.hasId(PATIENT))
                .summaryMode(SummaryEnum.COUNT).returnBundle(Bundle.class).execute();

        assertThat(bundle.getTotal()).isEqualTo(28);
        assertThat(bundle.getEntry()).isEmpty();
        assertThat(stub.vitalsRequests).anyMatch(r -> r.contains("count=true"));
    }

    @Test
    void lastnIsTheNewestPerCodeAndTheNewestScores() {
        reading("heart-rate", T0);
        InternalApiStub.Reading hr = reading("heart-rate", T0.plusSeconds(60));
        InternalApiStub.Reading spo2 = reading("spo2", T0);
        score(T0);
        InternalApiStub.Score news2 = score(T0.plusSeconds(30));

        Bundle bundle = client.operation().onType(Observation.class).named("$lastn")
                .withSearchParameter(Parameters.class, "patient", new ca.uhn.fhir.rest.param.ReferenceParam(PATIENT))
                .andSearchParameter("max", new ca.uhn.fhir.rest.param.NumberParam(1))
                .useHttpGet().returnResourceType(Bundle.class).execute();

        assertThat(bundle.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactlyInAnyOrder(hr.id(), spo2.id(), news2.id());
        assertThat(stub.vitalsRequests).anyMatch(r -> r.startsWith("GET /internal/v1/readings/lastn?patientId="
                + PATIENT + "&max=1"));
    }

    @Test
    void everythingIsThePatientItsDevicesAndItsObservationsPagedByCursor() {
        stub.devices.put("dev-1", """
                {"id": "dev-1", "versionId": "1", "lastUpdated": "2026-11-01T00:00:00Z", "serial": "SN-1",
                 "active": true, "identifiers": [], "patientId": "%s"}""".formatted(PATIENT));
        Set<String> observations = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            observations.add(reading("heart-rate", T0.plusSeconds(60L * i)).id());
        }
        observations.add(score(T0.plusSeconds(90)).id());

        Bundle first = client.operation().onInstance("Patient/" + PATIENT).named("$everything")
                .withParameter(Parameters.class, "_count", new org.hl7.fhir.r4.model.IntegerType(4))
                .useHttpGet().returnResourceType(Bundle.class).execute();

        assertThat(first.getEntry()).extracting(e -> e.getResource().fhirType())
                .containsExactly("Patient", "Device", "Observation", "Observation", "Observation", "Observation");
        assertThat(first.getLink("next").getUrl()).contains("/Patient/" + PATIENT + "/$everything?", "_count=4",
                "_cursor=");
        Bundle second = client.loadPage().next(first).execute();
        List<String> seen = new ArrayList<>();
        for (Bundle page : List.of(first, second)) {
            page.getEntry().stream().filter(e -> e.getResource() instanceof Observation)
                    .forEach(e -> seen.add(e.getResource().getIdElement().getIdPart()));
        }
        assertThat(second.getEntry()).allMatch(e -> e.getResource() instanceof Observation);
        assertThat(second.getLink("next")).isNull();
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(observations);
    }

    @Test
    void everythingSinceLeavesOutWhatDidNotChangeAndAsksForReadingsReceivedSince() {
        reading("heart-rate", T0);

        Bundle bundle = client.operation().onInstance("Patient/" + PATIENT).named("$everything")
                .withParameter(Parameters.class, "_since", new org.hl7.fhir.r4.model.InstantType("2026-11-21T00:00:00Z"))
                .andParameter("start", new org.hl7.fhir.r4.model.DateType("2026-11-21"))
                .useHttpGet().returnResourceType(Bundle.class).execute();

        assertThat(bundle.getEntry()).extracting(e -> e.getResource().fhirType()).containsExactly("Observation");
        assertThat(stub.vitalsRequests).anyMatch(r -> r.contains("from=2026-11-21T00:00:00Z")
                && r.contains("receivedSince=2026-11-21T00:00:00Z"));
    }

    @Test
    void aVitalsPanelIsReadByIdAsItWasStoredWithVigilsIdAndMeta() {
        InternalApiStub.Document panel = panel(T0);

        Observation read = client.read().resource(Observation.class).withId(panel.id()).execute();

        assertThat(read.getIdElement().getIdPart()).isEqualTo(panel.id());
        assertThat(read.getMeta().getVersionId()).isEqualTo("1");
        assertThat(read.getMeta().getLastUpdated().toInstant()).isEqualTo(panel.receivedAt());
        Observation expected = FHIR.newJsonParser().parseResource(Observation.class, panel.resource());
        expected.setId(new IdType("Observation", panel.id()));
        expected.getMeta().setVersionId("1").setLastUpdated(Date.from(panel.receivedAt()));
        read.setId(new IdType("Observation", panel.id()));
        assertThat(read.equalsDeep(expected)).as(() -> FHIR.newJsonParser().encodeResourceToString(read)).isTrue();
        assertThat(read.hasValue()).isFalse();
        assertThat(read.getHasMember()).hasSize(4);
        // Readings first, then NEWS2 scores, then documents.
        assertThat(stub.vitalsRequests).containsSubsequence("GET /internal/v1/readings/" + panel.id(),
                "GET /internal/v1/observation-documents/" + panel.id());
        assertThat(stub.alertRequests).containsExactly("GET /internal/v1/news2/scores/" + panel.id());
    }

    @Test
    void aPanelOfAPatientTheCallerMayNotSeeIsForbidden() {
        InternalApiStub.Document panel = panel(T0);

        assertThatThrownBy(() -> client(TestIssuer.clinician("ada")).read().resource(Observation.class)
                .withId(panel.id()).execute()).isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> client.read().resource(Observation.class)
                .withId("0b7f3c2e-0000-4000-8000-999999999999").execute())
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aPanelIsFoundByItsCodeWithOrWithoutLoincsSystemAndByPatientButNotByAReadingCode() {
        InternalApiStub.Reading hr = reading("heart-rate", T0);
        InternalApiStub.Score news2 = score(T0.plusSeconds(5));
        InternalApiStub.Document panel = panel(T0.plusSeconds(10));

        assertThat(ids(Observation.CODE.exactly().code("85353-1"))).containsExactly(panel.id());
        assertThat(stub.vitalsRequests).noneMatch(r -> r.contains("/readings?"));
        assertThat(stub.vitalsRequests).anyMatch(r -> r.startsWith("GET /internal/v1/observation-documents?patientId="
                + PATIENT + "&code=85353-1&order=desc&limit=101"));
        assertThat(stub.alertRequests).isEmpty();
        assertThat(ids(Observation.CODE.exactly().systemAndCode("http://loinc.org", "85353-1")))
                .containsExactly(panel.id());
        assertThat(ids(Observation.CODE.exactly().systemAndCode("urn:other", "85353-1"))).isEmpty();
        assertThat(ids(Observation.CODE.exactly().codes("8867-4", "85353-1"))).containsExactly(panel.id(), hr.id());
        assertThat(ids(Observation.CATEGORY.exactly().code("vital-signs"))).containsExactly(panel.id(), hr.id());
        assertThat(client.search().forResource(Observation.class).where(Observation.PATIENT.hasId(PATIENT))
                .returnBundle(Bundle.class).execute().getEntry()).extracting(e -> e.getResource().getIdElement()
                .getIdPart()).containsExactly(panel.id(), news2.id(), hr.id());

        stub.vitalsRequests.clear();
        assertThat(ids(Observation.CODE.exactly().code("8867-4"))).containsExactly(hr.id());
        assertThat(ids(Observation.CATEGORY.exactly().code("survey"))).containsExactly(news2.id());
        assertThat(ids(Observation.CATEGORY.exactly().code("exam"))).isEmpty();
        assertThat(stub.vitalsRequests).noneMatch(r -> r.contains("/observation-documents"));
    }

    @Test
    void panelsAreSearchedByDateAndByDevice() {
        InternalApiStub.Document inside = panel(PATIENT, "dev-2", Instant.parse("2026-11-21T00:00:00Z"));
        panel(Instant.parse("2026-11-22T00:00:00Z"));

        assertThat(ids(Observation.DATE.exactly().day("2026-11-21"))).containsExactly(inside.id());
        assertThat(stub.vitalsRequests).anyMatch(r -> r.contains("/observation-documents?patientId=" + PATIENT
                + "&code=85353-1&from=2026-11-21T00:00:00Z&before=2026-11-22T00:00:00Z&order=desc"));
        assertThat(client.search().forResource(Observation.class).where(Observation.DEVICE.hasId("Device/dev-2"))
                .returnBundle(Bundle.class).execute().getEntry()).extracting(e -> e.getResource().getIdElement()
                .getIdPart()).containsExactly(inside.id());
    }

    @Test
    void walkingReadingsScoresAndPanelsInBothOrdersWhileTheyArriveNeitherSkipsNorRepeats() {
        history();
        for (int i = 0; i < 7; i++) {
            // Two at each minute, at the same instants as readings and scores.
            panel(T0.plusSeconds(60L * (i / 2)));
        }
        for (boolean newestFirst : List.of(true, false)) {
            Set<String> present = new HashSet<>();
            stub.readings.forEach(r -> present.add(r.id()));
            stub.scores.forEach(s -> present.add(s.id()));
            stub.documents.forEach(d -> present.add(d.id()));
            Set<String> added = new HashSet<>();
            AtomicInteger arrivals = new AtomicInteger();
            IQuery<Bundle> query = client.search().forResource(Observation.class)
                    .where(Observation.PATIENT.hasId(PATIENT)).count(3).returnBundle(Bundle.class);
            List<String> seen = walk(newestFirst ? query.sort().descending(Observation.DATE)
                    : query.sort().ascending(Observation.DATE), () -> {
                        if (arrivals.get() < 3) {
                            Instant late = T0.plusSeconds((newestFirst ? 3600L : 7200L) + arrivals.incrementAndGet());
                            added.add(reading("spo2", late).id());
                            added.add(score(late).id());
                            added.add(panel(late).id());
                        }
                    });

            String order = newestFirst ? "newest first" : "oldest first";
            assertThat(seen).as(order).doesNotHaveDuplicates();
            if (newestFirst) {
                // What arrives is newer than the cursor: behind the walk.
                assertThat(seen).as(order).containsExactlyInAnyOrderElementsOf(present);
            } else {
                Set<String> all = new HashSet<>(present);
                all.addAll(added);
                assertThat(seen).as(order).containsExactlyInAnyOrderElementsOf(all);
            }
            List<Instant> times = seen.stream().map(ObservationSearchIT::timeOf).toList();
            assertThat(newestFirst ? times.reversed() : times).as(order).isSorted();
            assertThat(seen).as(order).containsAll(stub.documents.stream().filter(d -> d.time().isBefore(
                    T0.plusSeconds(3600))).map(InternalApiStub.Document::id).toList());
        }
    }

    @Test
    void runsOfPanelsLongerThanAPageBeforeAndAfterTheReadingsArePagedToTheEndInBothOrders() {
        Set<String> all = new HashSet<>();
        for (int i = 1; i <= 5; i++) {
            all.add(panel(T0.plusSeconds(i)).id());
            all.add(panel(T0.plusSeconds(200 + i)).id());
        }
        all.add(reading("heart-rate", T0.plusSeconds(100)).id());
        all.add(score(T0.plusSeconds(100)).id());

        for (boolean newestFirst : List.of(true, false)) {
            IQuery<Bundle> query = client.search().forResource(Observation.class)
                    .where(Observation.PATIENT.hasId(PATIENT)).count(2).returnBundle(Bundle.class);
            List<String> seen = walk(newestFirst ? query.sort().descending(Observation.DATE)
                    : query.sort().ascending(Observation.DATE), () -> { });
            assertThat(seen).as(newestFirst ? "newest first" : "oldest first").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(all);
        }
    }

    static Instant timeOf(String id) {
        return stub.readings.stream().filter(r -> r.id().equals(id)).map(InternalApiStub.Reading::time).findFirst()
                .or(() -> stub.scores.stream().filter(s -> s.id().equals(id))
                        .map(InternalApiStub.Score::computedAt).findFirst())
                .or(() -> stub.documents.stream().filter(d -> d.id().equals(id))
                        .map(InternalApiStub.Document::time).findFirst())
                .orElseThrow();
    }

    @Test
    void summaryCountCountsPanelsBesideReadingsAndScores() {
        history();
        panel(T0);
        panel(T0.plusSeconds(60));

        Bundle all = client.search().forResource(Observation.class).where(Observation.PATIENT.hasId(PATIENT))
                .summaryMode(SummaryEnum.COUNT).returnBundle(Bundle.class).execute();
        Bundle panels = client.search().forResource(Observation.class).where(Observation.PATIENT.hasId(PATIENT))
                .and(Observation.CODE.exactly().code("85353-1")).summaryMode(SummaryEnum.COUNT)
                .returnBundle(Bundle.class).execute();

        assertThat(all.getTotal()).isEqualTo(30);
        assertThat(panels.getTotal()).isEqualTo(2);
        assertThat(stub.vitalsRequests).anyMatch(r -> r.startsWith("GET /internal/v1/observation-documents?")
                && r.contains("count=true"));
    }

    @Test
    void lastnForThePanelCodeIsTheNewestPanels() {
        panel(T0);
        InternalApiStub.Document newer = panel(T0.plusSeconds(60));
        InternalApiStub.Document newest = panel(T0.plusSeconds(120));
        InternalApiStub.Reading hr = reading("heart-rate", T0);

        Bundle panels = client.operation().onType(Observation.class).named("$lastn")
                .withSearchParameter(Parameters.class, "patient", new ca.uhn.fhir.rest.param.ReferenceParam(PATIENT))
                .andSearchParameter("code", new ca.uhn.fhir.rest.param.TokenParam("http://loinc.org", "85353-1"))
                .andSearchParameter("max", new ca.uhn.fhir.rest.param.NumberParam(2))
                .useHttpGet().returnResourceType(Bundle.class).execute();
        Bundle every = client.operation().onType(Observation.class).named("$lastn")
                .withSearchParameter(Parameters.class, "patient", new ca.uhn.fhir.rest.param.ReferenceParam(PATIENT))
                .useHttpGet().returnResourceType(Bundle.class).execute();

        assertThat(panels.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly(newest.id(), newer.id());
        assertThat(every.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactlyInAnyOrder(hr.id(), newest.id());
    }

    @Test
    void everythingHoldsThePatientsPanels() {
        InternalApiStub.Reading hr = reading("heart-rate", T0);
        InternalApiStub.Document panel = panel(T0.plusSeconds(1));

        Bundle bundle = client.operation().onInstance("Patient/" + PATIENT).named("$everything")
                .withNoParameters(Parameters.class).useHttpGet().returnResourceType(Bundle.class).execute();

        assertThat(bundle.getEntry()).filteredOn(e -> e.getResource() instanceof Observation)
                .extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(panel.id(), hr.id());
    }

    @Test
    void aForgedCursorOrAnUnsupportedSortIs400() {
        assertThatThrownBy(() -> client.search().byUrl("Observation?patient=" + PATIENT + "&_cursor=bm9wZQ")
                .returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("_cursor");
        assertThatThrownBy(() -> client.search().byUrl("Observation?patient=" + PATIENT + "&_sort=code")
                .returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("_sort");
        assertThatThrownBy(() -> client.search().byUrl("Observation?patient=" + PATIENT + "&date=ne2026-11-21")
                .returnBundle(Bundle.class).execute())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("ne");
    }
}
