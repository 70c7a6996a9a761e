package org.vigil.service.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class SecretBoxTest {

    private static final byte[] KEY_1 = filled(1);
    private static final byte[] KEY_2 = filled(2);
    private static final String PURPOSE = "alert_subscription.secret";

    private static byte[] filled(int value) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) value);
        return key;
    }

    @Test
    void aSealedValueHoldsNeitherTheSecretNorTheSameTextTwiceAndOpensToTheSecret() {
        SecretBox box = new SecretBox("k1", KEY_1, Map.of());

        String first = box.seal("whsec-0123456789abcdef", PURPOSE);
        String second = box.seal("whsec-0123456789abcdef", PURPOSE);

        assertThat(first).startsWith("v1:k1:").doesNotContain("whsec").isNotEqualTo(second);
        assertThat(box.open(first, PURPOSE)).isEqualTo("whsec-0123456789abcdef");
        assertThat(box.open(second, PURPOSE)).isEqualTo("whsec-0123456789abcdef");
        assertThat(box.isCurrent(first)).isTrue();
    }

    @Test
    void afterARotationOldValuesOpenWhileTheirKeyIsConfiguredAndAreNotCurrent() {
        String old = new SecretBox("k1", KEY_1, Map.of()).seal("s3cret-value", PURPOSE);
        SecretBox rotated = new SecretBox("k2", KEY_2, Map.of("k1", KEY_1));

        assertThat(rotated.open(old, PURPOSE)).isEqualTo("s3cret-value");
        assertThat(rotated.isCurrent(old)).isFalse();
        assertThat(rotated.seal("s3cret-value", PURPOSE)).startsWith("v1:k2:");
        assertThatThrownBy(() -> new SecretBox("k2", KEY_2, Map.of()).open(old, PURPOSE))
                .hasMessageContaining("vigil.secrets.previous-keys.k1");
    }

    @Test
    void aChangedValueOrOneMovedToAnotherColumnDoesNotOpen() {
        SecretBox box = new SecretBox("k1", KEY_1, Map.of());
        String sealed = box.seal("s3cret-value", PURPOSE);
        char last = sealed.charAt(sealed.length() - 2);
        String changed = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A')
                + sealed.charAt(sealed.length() - 1);

        assertThatThrownBy(() -> box.open(changed, PURPOSE)).hasMessageContaining("does not open");
        assertThatThrownBy(() -> box.open(sealed, "subscription.headers")).hasMessageContaining("does not open");
        assertThatThrownBy(() -> box.open("s3cret-value", PURPOSE)).hasMessageContaining("not a sealed value");
    }

    @Test
    void withoutAKeyOnlyTheDemoAndTestProfilesStartAndAWrongKeyIsNamed() {
        assertThatThrownBy(() -> SecretBox.fromEnvironment(new MockEnvironment()))
                .hasMessageContaining("vigil.secrets.key (VIGIL_SECRETS_KEY) is not set");
        MockEnvironment demo = new MockEnvironment();
        demo.setActiveProfiles("demo");
        assertThat(SecretBox.fromEnvironment(demo).currentKeyId()).isEqualTo(SecretBox.DEMO_KEY_ID);

        MockEnvironment shortKey = new MockEnvironment().withProperty("vigil.secrets.key",
                Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> SecretBox.fromEnvironment(shortKey)).hasMessageContaining("must be 32 bytes");

        MockEnvironment configured = new MockEnvironment()
                .withProperty("vigil.secrets.key", Base64.getEncoder().encodeToString(KEY_2))
                .withProperty("vigil.secrets.key-id", "2026-01")
                .withProperty("vigil.secrets.previous-keys.k1", Base64.getEncoder().encodeToString(KEY_1));
        SecretBox box = SecretBox.fromEnvironment(configured);
        assertThat(box.currentKeyId()).isEqualTo("2026-01");
        assertThat(box.open(new SecretBox("k1", KEY_1, Map.of()).seal("x-secret", PURPOSE), PURPOSE))
                .isEqualTo("x-secret");
    }
}
