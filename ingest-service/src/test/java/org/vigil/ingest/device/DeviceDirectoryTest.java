package org.vigil.ingest.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.vigil.ingest.IngestProperties;

class DeviceDirectoryTest {

    private static final String TOKEN = "tok-0123456789abcdef";
    private static final Device DEVICE = new Device("dev-1", true,
            List.of(new Device.Assignment("pat-1", Instant.parse("2026-01-01T00:00:00Z"), null)));

    private final FakeVitals vitals = new FakeVitals();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final DeviceDirectory directory = new DeviceDirectory(vitals, properties(), clock);

    @Test
    void theTokenIsLookedUpByItsSha256InHex() {
        assertThat(DeviceDirectory.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aKnownDeviceIsFetchedOnceAndThenServedFromTheCache() {
        vitals.devices.put(DeviceDirectory.sha256Hex(TOKEN), DEVICE);

        KnownDevice first = directory.authenticate("Bearer " + TOKEN);
        KnownDevice second = directory.authenticate("bearer " + TOKEN);

        assertThat(first.device()).isEqualTo(DEVICE);
        assertThat(second).isSameAs(first);
        assertThat(vitals.lookups).isEqualTo(1);
    }

    @Test
    void anUnknownTokenIsRememberedAsRefusedSoThatRepeatingItCostsNoLookUp() {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> directory.authenticate("Bearer " + TOKEN))
                    .isInstanceOfSatisfying(InvalidDeviceTokenException.class, e -> {
                        assertThat(e).hasMessage("the device token is unknown or has been revoked");
                        assertThat(e.reason()).isEqualTo("unknown-token");
                    });
        }
        assertThat(vitals.lookups).isEqualTo(1);
    }

    @Test
    void aNewDevicesTokenWorksAtOnceWhateverUnknownTokensCameBefore() {
        assertThatThrownBy(() -> directory.authenticate("Bearer some-other-token"))
                .isInstanceOf(InvalidDeviceTokenException.class);

        vitals.devices.put(DeviceDirectory.sha256Hex(TOKEN), DEVICE);
        assertThat(directory.authenticate("Bearer " + TOKEN).device()).isEqualTo(DEVICE);
    }

    @Test
    void theLookUpHookRunsOnlyBeforeAskingVitalsAndMayRefuseInstead() {
        vitals.devices.put(DeviceDirectory.sha256Hex(TOKEN), DEVICE);
        directory.authenticate("Bearer " + TOKEN);
        assertThatThrownBy(() -> directory.authenticate("Bearer unknown-token")).isInstanceOf(
                InvalidDeviceTokenException.class);
        int lookups = vitals.lookups;
        Runnable refuse = () -> {
            throw new IllegalStateException("limited");
        };

        assertThat(directory.authenticate("Bearer " + TOKEN, refuse).device()).as("cached: no hook").isEqualTo(DEVICE);
        assertThatThrownBy(() -> directory.authenticate("Bearer unknown-token", refuse))
                .as("remembered as refused: no hook").isInstanceOf(InvalidDeviceTokenException.class);
        assertThatThrownBy(() -> directory.authenticate("Bearer never-seen", refuse)).hasMessage("limited");
        assertThat(vitals.lookups).isEqualTo(lookups);
    }

    @Test
    void aRevokedDeviceIsRefusedAndRememberedUntilTheDeviceChanges() {
        vitals.devices.put(DeviceDirectory.sha256Hex(TOKEN), new Device("dev-1", false, List.of()));

        assertThatThrownBy(() -> directory.authenticate("Bearer " + TOKEN))
                .isInstanceOf(InvalidDeviceTokenException.class);
        assertThatThrownBy(() -> directory.authenticate("Bearer " + TOKEN))
                .isInstanceOf(InvalidDeviceTokenException.class);
        assertThat(vitals.lookups).isEqualTo(1);

        vitals.devices.put(DeviceDirectory.sha256Hex(TOKEN), DEVICE);
        directory.evict("dev-1");
        assertThat(directory.authenticate("Bearer " + TOKEN).device()).as("active again").isEqualTo(DEVICE);
        assertThat(vitals.lookups).isEqualTo(2);
    }

    @Test
    void aRevokedTokenIsRefusedNamingItsDeviceForTheAuditTrail() {
        vitals.devices.put(DeviceDirectory.sha256Hex(TOKEN), new Device("dev-1", false, List.of()));

        assertThatThrownBy(() -> directory.authenticate("Bearer " + TOKEN))
                .isInstanceOfSatisfying(InvalidDeviceTokenException.class, e -> {
                    assertThat(e.deviceId()).isEqualTo("dev-1");
                    assertThat(e.reason()).isEqualTo("inactive-device");
                });
        assertThatThrownBy(() -> directory.authenticate("Bearer unknown-token"))
                .isInstanceOfSatisfying(InvalidDeviceTokenException.class, e -> {
                    assertThat(e.deviceId()).isNull();
                    assertThat(e.reason()).isEqualTo("unknown-token");
                });
    }

    @Test
    void aTokenVitalsRefusedIsForgottenAtOnceAndLookedUpAgainOnTheNextRequest() {
        vitals.devices.put(DeviceDirectory.sha256Hex(TOKEN), DEVICE);
        KnownDevice known = directory.authenticate("Bearer " + TOKEN);
        vitals.devices.remove(DeviceDirectory.sha256Hex(TOKEN));

        directory.forgetRevoked(known);

        assertThatThrownBy(() -> directory.authenticate("Bearer " + TOKEN))
                .isInstanceOf(InvalidDeviceTokenException.class);
        assertThat(vitals.lookups).isEqualTo(2);
    }

    @Test
    void missingAndMalformedCredentialsAreRefusedWithoutAskingVitals() {
        assertThatThrownBy(() -> directory.authenticate(null))
                .isInstanceOfSatisfying(InvalidDeviceTokenException.class,
                        e -> assertThat(e.tokenPresented()).isFalse());
        assertThatThrownBy(() -> directory.authenticate("Basic dXNlcjpwYXNz"))
                .isInstanceOfSatisfying(InvalidDeviceTokenException.class,
                        e -> assertThat(e.tokenPresented()).isTrue());
        assertThatThrownBy(() -> directory.authenticate("Bearer not a token"))
                .hasMessage("the bearer token is malformed");
        assertThatThrownBy(() -> directory.authenticate("Bearer " + "a".repeat(2000)))
                .hasMessage("the bearer token is malformed");
        assertThat(vitals.lookups).isZero();
    }

    @Test
    void aDeviceChangeEvictsTheDeviceSoThatItsNextRequestFetchesItAgain() {
        vitals.devices.put(DeviceDirectory.sha256Hex(TOKEN), DEVICE);
        directory.authenticate("Bearer " + TOKEN);

        clock.advance(Duration.ofMillis(10));
        directory.evict("dev-1");
        clock.advance(Duration.ofMillis(10));
        directory.authenticate("Bearer " + TOKEN);
        directory.authenticate("Bearer " + TOKEN);

        assertThat(vitals.lookups).isEqualTo(2);
    }

    @Test
    void evictingAnotherDeviceLeavesThisOneCached() {
        vitals.devices.put(DeviceDirectory.sha256Hex(TOKEN), DEVICE);
        directory.authenticate("Bearer " + TOKEN);

        clock.advance(Duration.ofMillis(10));
        directory.evict("dev-2");
        directory.authenticate("Bearer " + TOKEN);

        assertThat(vitals.lookups).isEqualTo(1);
    }

    @Test
    void aDeviceIsRefetchedForAnUnassignedReadingOnlyIfOurCopyIsOlderThanASecond() {
        vitals.devices.put(DeviceDirectory.sha256Hex(TOKEN), DEVICE);
        KnownDevice known = directory.authenticate("Bearer " + TOKEN);

        clock.advance(Duration.ofMillis(900));
        assertThat(directory.refreshIfStale(known)).isEmpty();

        Device moved = new Device("dev-1", true,
                List.of(new Device.Assignment("pat-2", Instant.parse("2026-11-21T09:00:00Z"), null)));
        vitals.devices.put(DeviceDirectory.sha256Hex(TOKEN), moved);
        clock.advance(Duration.ofMillis(200));
        Optional<KnownDevice> fresh = directory.refreshIfStale(known);

        assertThat(fresh).map(KnownDevice::device).contains(moved);
        assertThat(directory.authenticate("Bearer " + TOKEN).device()).isEqualTo(moved);
        assertThat(vitals.lookups).isEqualTo(2);
    }

    private static IngestProperties properties() {
        return new IngestProperties(DataSize.ofMegabytes(1), 1000, URI.create("http://localhost:1"),
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofSeconds(20), Duration.ofSeconds(5), new IngestProperties.RateLimit(20, 40),
                new IngestProperties.RefusalLimits(1, 20, 20, 200, java.time.Duration.ofSeconds(60),
                        java.time.Duration.ofSeconds(60), 10_000));
    }

    private static final class FakeVitals extends VitalsDevices {

        final Map<String, Device> devices = new HashMap<>();
        int lookups;

        FakeVitals() {
            super(null);
        }

        @Override
        Optional<Device> findByTokenHash(String tokenHash) {
            lookups++;
            return Optional.ofNullable(devices.get(tokenHash));
        }
    }

    private static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
