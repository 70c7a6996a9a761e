package org.vigil.alert.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    @Test
    void hmacMatchesRfc4231TestCase2() {
        assertThat(Signatures.hmacSha256Hex("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void signatureIsV1HmacOfTimestampDotBody() {
        byte[] body = "{\"change\":\"raised\"}".getBytes(StandardCharsets.UTF_8);

        String signature = Signatures.sign("s3cret-s3cret-s3cret", 1_800_000_000L, body);

        assertThat(signature).isEqualTo("v1=" + Signatures.hmacSha256Hex(
                "s3cret-s3cret-s3cret".getBytes(StandardCharsets.UTF_8),
                "1800000000.{\"change\":\"raised\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(Signatures.sign("s3cret-s3cret-s3cret", 1_800_000_001L, body)).isNotEqualTo(signature);
        assertThat(Signatures.sign("another-secret-here", 1_800_000_000L, body)).isNotEqualTo(signature);
    }
}
