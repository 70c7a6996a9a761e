package org.vigil.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.vigil.common.events.AuditRecorded;
import org.vigil.common.events.ContractFixtures;

/**
 * The chain format is a contract with whoever recomputes the chain outside this service (README, "The chain"). The
 * expected hashes were computed independently, with Python's hashlib over bytes built by hand from the README's rules:
 *
 * <pre>
 * t = lambda s: b'\xff\xff\xff\xff' if s is None else struct.pack('>I', len(s.encode())) + s.encode()
 * l = lambda xs: struct.pack('>I', len(xs)) + b''.join(t(x) for x in xs)
 * hashlib.sha256(b'\0' * 32 + t("vigil-audit-chain/1") + t("1") + ...).hexdigest()
 * </pre>
 */
class CanonicalFormTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theFirstRecordHashesItsCanonicalFormAfterThirtyTwoZeroBytes() {
        AuditRecorded readGranted = ContractFixtures.audit("read-granted");

        byte[] hash = CanonicalForm.link(CanonicalForm.GENESIS, 1, readGranted,
                Instant.parse("2026-11-21T10:00:01.5Z"));

        assertThat(HEX.formatHex(hash)).isEqualTo("63a783e6f9e5ae5903ac0da5b7c83d86996a8ff5ae9b7af8dea2c6132dedb3e8");
    }

    @Test
    void theNextRecordHashesAfterThePreviousHashWithNullsEmptyListsAndMicroseconds() {
        AuditRecorded denied = ContractFixtures.audit("denied-anonymous");
        byte[] previous = HEX.parseHex("63a783e6f9e5ae5903ac0da5b7c83d86996a8ff5ae9b7af8dea2c6132dedb3e8");

        byte[] hash = CanonicalForm.link(previous, 2, denied, Instant.parse("2026-11-21T10:06:00.000001Z"));

        assertThat(HEX.formatHex(hash)).isEqualTo("e06448eaf1ab153652337eead0a2bf2b7b266d7c37471f35a8075e47f9b16a21");
    }

    @Test
    void theCanonicalFormStartsWithTheLengthPrefixedVersionTagSeqAndEventId() {
        byte[] canonical = CanonicalForm.of(1, ContractFixtures.audit("read-granted"),
                Instant.parse("2026-11-21T10:00:01.5Z"));

        assertThat(HEX.formatHex(canonical, 0, 40))
                .isEqualTo("00000013766967696c2d61756469742d636861696e2f310000000131000000243666316332623865");
    }

    @Test
    void instantsAreHashedAtPostgresqlsMicrosecondPrecision() {
        AuditRecorded fixture = ContractFixtures.audit("read-granted");
        AuditRecorded withNanos = withRecordedAt(fixture, fixture.recordedAt().plusNanos(999));
        Instant storedAt = Instant.parse("2026-11-21T10:00:01.5Z");

        assertThat(CanonicalForm.of(1, withNanos, storedAt.plusNanos(999)))
                .isEqualTo(CanonicalForm.of(1, fixture, storedAt));
    }

    @Test
    void anAbsentFieldAndAnEmptyOneHashDifferently() {
        AuditRecorded fixture = ContractFixtures.audit("denied-anonymous");
        AuditRecorded emptyClient = new AuditRecorded(fixture.eventId(), fixture.recordedAt(), fixture.service(),
                fixture.action(), fixture.resource(), fixture.outcome(), fixture.agent(), fixture.agentType(), "",
                fixture.roles(), fixture.patientIds(), fixture.request(), fixture.sourceAddress(),
                fixture.correlationId(), fixture.reason(), fixture.breakGlass());
        Instant storedAt = Instant.parse("2026-11-21T10:06:01Z");

        assertThat(CanonicalForm.link(CanonicalForm.GENESIS, 1, emptyClient, storedAt))
                .isNotEqualTo(CanonicalForm.link(CanonicalForm.GENESIS, 1, fixture, storedAt));
    }

    @Test
    void theSameRecordAtAnotherSeqHashesDifferently() {
        AuditRecorded fixture = ContractFixtures.audit("break-glass");
        Instant storedAt = Instant.parse("2026-11-21T10:06:01Z");

        assertThat(CanonicalForm.link(CanonicalForm.GENESIS, 1, fixture, storedAt))
                .isNotEqualTo(CanonicalForm.link(CanonicalForm.GENESIS, 2, fixture, storedAt));
    }

    private static AuditRecorded withRecordedAt(AuditRecorded r, Instant recordedAt) {
        return new AuditRecorded(r.eventId(), recordedAt, r.service(), r.action(), r.resource(), r.outcome(),
                r.agent(), r.agentType(), r.clientId(), r.roles(), r.patientIds(), r.request(), r.sourceAddress(),
                r.correlationId(), r.reason(), r.breakGlass());
    }
}
