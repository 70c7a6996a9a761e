package org.vigil.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.Topics;
import org.vigil.service.security.PatientRelationships.Relationship;

/** The decision table of docs/security.md, one role at a time, with what each decision leaves in the audit trail. */
class PatientAccessTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final List<Relationship> related = new ArrayList<>();
    private final PatientAccess access = new PatientAccess(subject -> related,
            new AuditTrail(producer, Duration.ofSeconds(1)), "test-service", Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aClinicianSeesTheirCareTeamsPatientsAndNoOneElse() {
        signIn("ada", List.of("clinician"), "openid");
        related.add(new Relationship("p-own", PatientRelationships.CARE_TEAM, null));

        access.check(DataKind.OBSERVATION, Interaction.READ, "p-own");

        assertThatThrownBy(() -> access.check(DataKind.OBSERVATION, Interaction.READ, "p-other"))
                .isInstanceOf(PatientAccessDeniedException.class);
        assertThat(audits()).extracting(AuditRecorded::outcome, AuditRecorded::patientIds).containsExactly(
                org.assertj.core.groups.Tuple.tuple("success", List.of("p-own")),
                org.assertj.core.groups.Tuple.tuple("denied", List.of("p-other")));
        assertThat(audits().getFirst().agent()).isEqualTo("ada");
        assertThat(audits().getFirst().action()).isEqualTo("read");
        assertThat(audits().getFirst().resource()).isEqualTo("Observation");
    }

    @Test
    void onlyOperatorsOperateAndEveryRefusalAndOperationIsAudited() {
        for (List<String> roles : List.of(List.of("clinician"), List.of("admin"), List.of("patient"),
                List.of("integrator"))) {
            signIn("someone", roles, "system/*.cruds");
            assertThatThrownBy(() -> access.checkOperator(Interaction.UPDATE, "DeadLetter"))
                    .isInstanceOf(PatientAccessDeniedException.class);
        }
        signIn("olive", List.of("operator"), "openid");
        access.checkOperator(Interaction.UPDATE, "DeadLetter");
        access.recordOperation(Interaction.UPDATE, "DeadLetter", List.of("p-1"), "replayed dead letter t.dlt:0:1");

        assertThat(audits()).extracting(AuditRecorded::outcome).containsExactly("denied", "denied", "denied",
                "denied", "success");
        AuditRecorded done = audits().getLast();
        assertThat(done.agent()).isEqualTo("olive");
        assertThat(done.action()).isEqualTo("update");
        assertThat(done.resource()).isEqualTo("DeadLetter");
        assertThat(done.patientIds()).containsExactly("p-1");
        assertThat(done.reason()).isEqualTo("replayed dead letter t.dlt:0:1");
        assertThat(audits().getFirst().reason()).isEqualTo("not-an-operator");
    }

    @Test
    void aBreakGlassGrantOpensThePatientUntilItEndsAndIsFlagged() {
        signIn("ben", List.of("clinician"), "openid");
        related.add(new Relationship("p-1", PatientRelationships.BREAK_GLASS, NOW.plusSeconds(1)));
        related.add(new Relationship("p-2", PatientRelationships.BREAK_GLASS, NOW));

        access.check(DataKind.ALERT, Interaction.READ, "p-1");

        assertThat(audits().getFirst().breakGlass()).isTrue();
        assertThatThrownBy(() -> access.check(DataKind.ALERT, Interaction.READ, "p-2"))
                .isInstanceOf(PatientAccessDeniedException.class);
    }

    @Test
    void anAdminManagesPatientsButReadsNoClinicalData() {
        signIn("admin", List.of("admin"), "openid");

        access.check(DataKind.PATIENT, Interaction.UPDATE, "p-1");
        access.check(DataKind.ALERT_SETTINGS, Interaction.UPDATE, "p-1");
        access.checkKind(DataKind.DEVICE, Interaction.CREATE);

        assertThatThrownBy(() -> access.check(DataKind.OBSERVATION, Interaction.READ, "p-1"))
                .isInstanceOf(PatientAccessDeniedException.class);
        assertThatThrownBy(() -> access.check(DataKind.ALERT, Interaction.SEARCH, "p-1"))
                .isInstanceOf(PatientAccessDeniedException.class);
    }

    @Test
    void aPatientReadsTheirOwnRecordOnly() {
        signIn("pat", List.of("patient"), "openid");
        related.add(new Relationship("p-me", PatientRelationships.SELF, null));

        access.check(DataKind.OBSERVATION, Interaction.SEARCH, "p-me");

        assertThatThrownBy(() -> access.check(DataKind.OBSERVATION, Interaction.READ, "p-else"))
                .isInstanceOf(PatientAccessDeniedException.class);
        assertThatThrownBy(() -> access.check(DataKind.ALERT, Interaction.UPDATE, "p-me"))
                .isInstanceOf(PatientAccessDeniedException.class);
    }

    @Test
    void aSystemScopeReachesEveryPatientForItsTypeAndInteractionOnly() {
        signIn("acme-ehr", "acme-ehr", List.of("integrator"), "system/Observation.rs");

        access.check(DataKind.OBSERVATION, Interaction.READ, "any");
        assertThat(access.scope(DataKind.OBSERVATION, Interaction.SEARCH).all()).isTrue();

        assertThatThrownBy(() -> access.check(DataKind.OBSERVATION, Interaction.CREATE, "any"))
                .isInstanceOf(PatientAccessDeniedException.class);
        assertThatThrownBy(() -> access.check(DataKind.PATIENT, Interaction.READ, "any"))
                .isInstanceOf(PatientAccessDeniedException.class);
        assertThat(audits().getFirst().agentType()).isEqualTo("client");
    }

    @Test
    void userScopesNarrowWhatAClinicianMayDo() {
        signIn("ada", List.of("clinician"), "user/Observation.rs");
        related.add(new Relationship("p-own", PatientRelationships.CARE_TEAM, null));

        access.check(DataKind.OBSERVATION, Interaction.READ, "p-own");

        assertThatThrownBy(() -> access.check(DataKind.ALERT, Interaction.READ, "p-own"))
                .isInstanceOf(PatientAccessDeniedException.class);
    }

    @Test
    void theServicesOwnTokenReachesNoPatientData() {
        signIn("vigil-services", "vigil-services", List.of("service"), "vigil.internal");

        assertThatThrownBy(() -> access.check(DataKind.PATIENT, Interaction.READ, "p-1"))
                .isInstanceOf(PatientAccessDeniedException.class);
        assertThat(access.scope(DataKind.OBSERVATION, Interaction.SEARCH).isEmpty()).isTrue();
    }

    @Test
    void onlyAClinicianMayBreakTheGlassAndAnyoneElseIsRecordedAsRefused() {
        signIn("ben", List.of("clinician"), "openid");
        access.checkBreakGlass("p-1");
        assertThat(audits()).as("nothing until the grant itself is recorded").isEmpty();

        signIn("admin", List.of("admin"), "openid");
        assertThatThrownBy(() -> access.checkBreakGlass("p-1")).isInstanceOf(PatientAccessDeniedException.class);
        assertThat(audits()).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("break-glass");
            assertThat(a.outcome()).isEqualTo("denied");
            assertThat(a.agent()).isEqualTo("admin");
            assertThat(a.patientIds()).containsExactly("p-1");
        });
    }

    @Test
    void whenTheAuditRecordCannotBeWrittenTheAccessFails() {
        MockProducer<String, byte[]> failing =
                new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        PatientAccess strict = new PatientAccess(subject -> related,
                new AuditTrail(failing, Duration.ofMillis(200)), "test-service", Clock.fixed(NOW, ZoneOffset.UTC));
        signIn("admin", List.of("admin"), "openid");

        assertThatThrownBy(() -> strict.check(DataKind.PATIENT, Interaction.READ, "p-1"))
                .isInstanceOf(AuditUnavailableException.class);
    }

    @Test
    void aFlagScopeStillReadsTheAlertSettingsButChangesThemNoLonger() {
        signIn("acme", "acme", List.of(), "system/Flag.cruds");

        access.check(DataKind.ALERT_SETTINGS, Interaction.READ, "p-1");
        assertThatThrownBy(() -> access.check(DataKind.ALERT_SETTINGS, Interaction.UPDATE, "p-1"))
                .isInstanceOf(PatientAccessDeniedException.class);
        assertThatThrownBy(() -> access.checkKind(DataKind.ALERT_SETTINGS, Interaction.CREATE))
                .isInstanceOf(PatientAccessDeniedException.class);

        signIn("acme", "acme", List.of(), "system/AlertSettings.u");
        access.check(DataKind.ALERT_SETTINGS, Interaction.UPDATE, "p-1");
        assertThat(audits().getLast().resource()).isEqualTo("AlertSettings");
    }

    @Test
    void aDeliveryIsDecidedAgainForItsOwnerAsOfNowAndAudited() {
        VigilPrincipal ben = new VigilPrincipal("ben", VigilPrincipal.AgentType.USER, "vigil-dashboard",
                java.util.Set.of("clinician"), java.util.Set.of("openid"));
        related.add(new Relationship("p-1", PatientRelationships.BREAK_GLASS, NOW.plusSeconds(1)));
        related.add(new Relationship("p-2", PatientRelationships.BREAK_GLASS, NOW));

        assertThat(access.deliver(ben, DataKind.ALERT, "p-1", "SSE GET /api/v1/alerts/stream")).isTrue();
        assertThat(access.deliver(ben, DataKind.ALERT, "p-2", "SSE GET /api/v1/alerts/stream")).isFalse();
        VigilPrincipal admin = new VigilPrincipal("root", VigilPrincipal.AgentType.USER, "vigil-dashboard",
                java.util.Set.of("admin"), java.util.Set.of("openid"));
        assertThat(access.deliver(admin, DataKind.ALERT, "p-1", "Subscription/1")).isFalse();

        assertThat(audits()).extracting(AuditRecorded::agent, AuditRecorded::outcome, AuditRecorded::patientIds,
                AuditRecorded::request, AuditRecorded::breakGlass).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ben", "success", List.of("p-1"),
                        "SSE GET /api/v1/alerts/stream", true),
                org.assertj.core.groups.Tuple.tuple("ben", "denied", List.of("p-2"),
                        "SSE GET /api/v1/alerts/stream", false),
                org.assertj.core.groups.Tuple.tuple("root", "denied", List.of("p-1"), "Subscription/1", false));
        assertThat(audits().getFirst().action()).isEqualTo("read");
    }

    private List<AuditRecorded> audits() {
        return producer.history().stream()
                .peek(r -> assertThat(r.topic()).isEqualTo(Topics.AUDIT_RECORDED.name()))
                .map(r -> Topics.AUDIT_RECORDED.codec().decode(r.value())).toList();
    }

    private static void signIn(String subject, List<String> roles, String scope) {
        signIn(subject, "vigil-dashboard", roles, scope);
    }

    private static void signIn(String subject, String clientId, List<String> roles, String scope) {
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject(subject)
                .claims(c -> c.putAll(Map.of("client_id", clientId, "roles", roles, "scope", scope)))
                .issuedAt(NOW).expiresAt(NOW.plusSeconds(300)).build();
        SecurityContextHolder.getContext().setAuthentication(new VigilJwtConverter("roles").convert(jwt));
    }
}
