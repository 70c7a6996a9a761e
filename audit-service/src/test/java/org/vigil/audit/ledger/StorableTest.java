package org.vigil.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.ContractFixtures;

class StorableTest {

    @Test
    void theGoldenFixturesAreStorable() {
        for (String name : List.of("read-granted", "break-glass", "denied-anonymous")) {
            assertThat(Storable.problem(ContractFixtures.audit(name))).as(name).isEmpty();
        }
    }

    @Test
    void aNulCharacterIsNamedByItsFieldNotQuoted() {
        AuditRecorded r = ContractFixtures.audit("break-glass");
        AuditRecorded withNul = new AuditRecorded(r.eventId(), r.recordedAt(), r.service(), r.action(), r.resource(),
                r.outcome(), r.agent(), r.agentType(), r.clientId(), r.roles(), r.patientIds(), r.request(),
                r.sourceAddress(), r.correlationId(), "secret\u0000reason", r.breakGlass());

        assertThat(Storable.problem(withNul)).hasValueSatisfying(problem -> {
            assertThat(problem).startsWith("reason ");
            assertThat(problem).doesNotContain("secret");
        });
    }

    @Test
    void anUnpairedSurrogateInAPatientIdAndAnImpossibleTimeAreRefused() {
        AuditRecorded r = ContractFixtures.audit("read-granted");
        AuditRecorded surrogate = new AuditRecorded(r.eventId(), r.recordedAt(), r.service(), r.action(),
                r.resource(), r.outcome(), r.agent(), r.agentType(), r.clientId(), r.roles(), List.of("p\uD800"),
                r.request(), r.sourceAddress(), r.correlationId(), r.reason(), r.breakGlass());
        AuditRecorded farFuture = new AuditRecorded(r.eventId(), Instant.parse("+12026-01-01T00:00:00Z"),
                r.service(), r.action(), r.resource(), r.outcome(), r.agent(), r.agentType(), r.clientId(), r.roles(),
                r.patientIds(), r.request(), r.sourceAddress(), r.correlationId(), r.reason(), r.breakGlass());

        assertThat(Storable.problem(surrogate)).hasValueSatisfying(p -> assertThat(p).startsWith("patientIds"));
        assertThat(Storable.problem(farFuture)).hasValueSatisfying(p -> assertThat(p).startsWith("recordedAt"));
        assertThat(Storable.problem(new AuditRecorded(r.eventId(), r.recordedAt(), r.service(), r.action(),
                r.resource(), r.outcome(), r.agent(), r.agentType(), r.clientId(), r.roles(), List.of("p\uD83D\uDE00"),
                r.request(), r.sourceAddress(), r.correlationId(), r.reason(), r.breakGlass()))).isEmpty();
    }
}
