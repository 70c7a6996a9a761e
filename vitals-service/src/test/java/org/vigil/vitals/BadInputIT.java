package org.vigil.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.testsupport.TestIssuer;

/**
 * Malformed input to the device assignment endpoint ({@code POST /api/v1/devices/{id}/assignments}, which takes a
 * {@code from} since issue 13) is a 4xx problem+json whose {@code detail} says what is wrong, never a 5xx: bad JSON, a
 * missing body, wrong types, huge strings, bad ids, bad dates and instants PostgreSQL cannot store. Each case moves a
 * device of its own, registered and worn by patient P, onto P (or P2), as an admin, who may.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT extends IntegrationTest {

    /** Longer than any field allows, and than PostgreSQL's btree index entries (about 2700 bytes) hold. */
    private static final String HUGE = IntStream.range(0, 100).mapToObj(i -> UUID.randomUUID().toString())
            .collect(Collectors.joining());

    private String p = "";
    private String p2 = "";

    @BeforeAll
    void patients() {
        p = createPatient();
        p2 = createPatient();
    }

    Stream<Arguments> badAssignments() {
        return Stream.of(
                Arguments.of("<device>", ""),
                Arguments.of("<device>", "{\"patientId\": "),
                Arguments.of("<device>", "[]"),
                Arguments.of("<device>", "\"P\""),
                Arguments.of("<device>", "{}"),
                Arguments.of("<device>", "{\"patientId\": \"\"}"),
                Arguments.of("<device>", "{\"patientId\": {\"id\": 1}}"),
                Arguments.of("<device>", "{\"patientId\": \"" + HUGE + "\"}"),
                Arguments.of("<device>", "{\"patientId\": \"no-such-patient\"}"),
                Arguments.of("<device>", "{\"patientId\": \"<p2>\", \"from\": \"yesterday\"}"),
                Arguments.of("<device>", "{\"patientId\": \"<p2>\", \"from\": \"2026-02-30T10:00:00Z\"}"),
                Arguments.of("<device>", "{\"patientId\": \"<p2>\", \"from\": \"2026-01-01\"}"),
                Arguments.of("<device>", "{\"patientId\": \"<p2>\", \"from\": \"2026-01-01T10:00:00\"}"),
                Arguments.of("<device>", "{\"patientId\": \"<p2>\", \"from\": 1767261600}"),
                Arguments.of("<device>", "{\"patientId\": \"<p2>\", \"from\": [\"2026-01-01T10:00:00Z\"]}"),
                Arguments.of("<device>", "{\"patientId\": \"<p2>\", \"from\": \"" + HUGE + "\"}"),
                // Before the current wearer's assignment began: history is not rewritten.
                Arguments.of("<device>", "{\"patientId\": \"<p2>\", \"from\": \"1970-01-01T00:00:00Z\"}"),
                // Valid instants that PostgreSQL's timestamptz (4713 BC to 294276 AD) cannot hold.
                Arguments.of("<device>", "{\"patientId\": \"<p2>\", \"from\": \"+1000000000-01-01T00:00:00Z\"}"),
                Arguments.of("<unassigned>", "{\"patientId\": \"<p>\", \"from\": \"-290000-01-01T00:00:00Z\"}"),
                Arguments.of("<unassigned>", "{\"patientId\": \"<p>\", \"from\": \"+300000-01-01T00:00:00Z\"}"),
                Arguments.of("not-a-device", "{\"patientId\": \"<p2>\"}"),
                Arguments.of(HUGE, "{\"patientId\": \"<p2>\"}"),
                Arguments.of(UUID.randomUUID().toString(), "{\"patientId\": \"<p2>\", \"from\": \"bad\"}"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badAssignments")
    void aBadAssignmentIsA4xxProblemSayingWhatIsWrong(String device, String body) {
        String id = switch (device) {
            case "<device>" -> deviceOn(p);
            case "<unassigned>" -> registerDevice();
            default -> device;
        };
        Response response = post("/api/v1/devices/" + id + "/assignments",
                body.replace("<p2>", p2).replace("<p>", p), TestIssuer.admin());

        assertThat(response.status()).as(response.raw().body()).isBetween(400, 499);
        assertThat(response.header("Content-Type")).as(response.raw().body())
                .startsWith("application/problem+json");
        assertThat(response.json().path("detail").asString("")).as(response.raw().body()).isNotBlank();
    }

    private String deviceOn(String patientId) {
        String id = registerDevice();
        assertThat(post("/api/v1/devices/" + id + "/assignments", Map.of("patientId", patientId)).status())
                .isEqualTo(201);
        return id;
    }

    private String registerDevice() {
        Response created = post("/api/v1/devices", Map.of("serial", "SN-" + UUID.randomUUID(), "manufacturer", "Acme",
                "model", "HR-1"));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asString();
    }
}
