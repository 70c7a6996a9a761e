package org.vigil.audit.ledger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;
import org.vigil.common.events.AuditRecorded;

/**
 * The secret that keys the chain ({@code vigil.audit.chain-key}, {@code VIGIL_AUDIT_CHAIN_KEY}). It lives outside the
 * database, so that someone who can write the audit tables cannot recompute a row's hash after editing it, nor forge
 * a checkpoint. Two keys are derived from it, one per use, so that a chain MAC can never pass for a checkpoint's:
 *
 * <pre>
 * chain key      = HMAC-SHA256( K, "vigil-audit-chain/2" )       K = the configured key's UTF-8 bytes
 * checkpoint key = HMAC-SHA256( K, "vigil-audit-checkpoint/1" )
 * </pre>
 *
 * Without the demo profile the service does not start with no key, a key shorter than 32 characters, or the demo's
 * well-known key.
 */
@Component
class ChainKey {

    /** The demo profile's key (application-demo.yml): public, so never accepted outside that profile. */
    static final String DEMO_KEY = "vigil-demo-audit-chain-key-NOT-A-SECRET";
    static final int MINIMUM_LENGTH = 32;
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec chain;
    private final SecretKeySpec checkpoint;

    @Autowired
    ChainKey(@Value("${vigil.audit.chain-key:}") String key, Environment env) {
        this(checked(key, env.acceptsProfiles(Profiles.of("demo"))));
    }

    ChainKey(String key) {
        byte[] secret = key.getBytes(StandardCharsets.UTF_8);
        this.chain = new SecretKeySpec(mac(new SecretKeySpec(secret, HMAC), "vigil-audit-chain/2"), HMAC);
        this.checkpoint = new SecretKeySpec(mac(new SecretKeySpec(secret, HMAC), "vigil-audit-checkpoint/1"), HMAC);
        Arrays.fill(secret, (byte) 0);
    }

    private static String checked(String key, boolean demo) {
        String variable = "vigil.audit.chain-key (VIGIL_AUDIT_CHAIN_KEY)";
        String how = ": set it to a random secret of at least " + MINIMUM_LENGTH + " characters (e.g. the output of"
                + " `openssl rand -base64 48`), kept outside the database, and the same on every replica; audit-service"
                + " keys its hash chain and signs its checkpoints with it (audit-service README, \"The chain\")";
        if (key.isBlank()) {
            throw new IllegalStateException(variable + " is not set" + how);
        }
        if (key.equals(DEMO_KEY) && !demo) {
            throw new IllegalStateException(variable + " is the demo profile's published key, which anyone can use"
                    + " to forge the chain" + how);
        }
        if (key.length() < MINIMUM_LENGTH) {
            throw new IllegalStateException(variable + " is shorter than " + MINIMUM_LENGTH + " characters" + how);
        }
        return key;
    }

    /** The format-2 hash of the record at {@code seq} that follows {@code prevHash}. */
    byte[] link(byte[] prevHash, long seq, AuditRecorded record, Instant storedAt) {
        Mac mac = mac(chain);
        mac.update(prevHash);
        mac.update(CanonicalForm.of(CanonicalForm.KEYED, seq, record, storedAt));
        return mac.doFinal();
    }

    /** A checkpoint's signature over {@code message}. */
    byte[] signCheckpoint(byte[] message) {
        return mac(checkpoint).doFinal(message);
    }

    private static byte[] mac(SecretKeySpec key, String label) {
        return mac(key).doFinal(label.getBytes(StandardCharsets.UTF_8));
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
