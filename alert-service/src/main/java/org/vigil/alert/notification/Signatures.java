package org.vigil.alert.notification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures, in the manner of Stripe's: {@code X-Vigil-Timestamp: <unix seconds>} and
 * {@code X-Vigil-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}. A receiver recomputes the HMAC over
 * the exact bytes received, compares in constant time, and rejects a timestamp too far from its own clock (replays).
 */
final class Signatures {

    static final String TIMESTAMP_HEADER = "X-Vigil-Timestamp";
    static final String SIGNATURE_HEADER = "X-Vigil-Signature";
    static final String EVENT_ID_HEADER = "X-Vigil-Event-Id";

    private Signatures() {
    }

    /** The {@code X-Vigil-Signature} value for this body sent at {@code timestamp} (unix seconds). */
    static String sign(String secret, long timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return "v1=" + hmacSha256Hex(secret.getBytes(StandardCharsets.UTF_8), signed);
    }

    static String hmacSha256Hex(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
