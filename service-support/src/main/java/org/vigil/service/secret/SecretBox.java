package org.vigil.service.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Seals secrets a service must be able to read again (webhook signing secrets, FHIR Subscription headers) for storage:
 * AES-256-GCM (NIST SP 800-38D) with a random 96-bit nonce per value and a key from configuration. A sealed value is
 * text, {@code v1:<key id>:<base64url(nonce || ciphertext || tag)>}: the key id lets the key be rotated (new values
 * are sealed with the current key; values under a previous key still open while it is configured, and are sealed
 * again at start-up). The purpose ("which column") is authenticated with the value, so that a sealed value moved into
 * another column does not open there.
 *
 * <p>Configuration: {@code vigil.secrets.key} ({@code VIGIL_SECRETS_KEY}, 32 random bytes in base64, e.g. {@code
 * openssl rand -base64 32}), {@code vigil.secrets.key-id} (default {@code 1}) and, while rotating, {@code
 * vigil.secrets.previous-keys.<id>}. Without a key the service does not start, except in profile {@code demo} or
 * {@code test}, which use a built-in key that is public (id {@code demo}): values sealed with it are as good as clear.
 */
public final class SecretBox {

    public static final String DEMO_KEY_ID = "demo";
    private static final String VERSION = "v1";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);

    private final String currentId;
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param keyId the id of {@code key}, written into every value sealed with it
     * @param key 32 bytes
     * @param previousKeys older keys by id, to open values sealed before a rotation
     */
    public SecretBox(String keyId, byte[] key, Map<String, byte[]> previousKeys) {
        this.currentId = id(keyId);
        previousKeys.forEach((id, bytes) -> keys.put(id(id), aes(bytes, "vigil.secrets.previous-keys." + id)));
        keys.put(DEMO_KEY_ID, aes(demoKey(), DEMO_KEY_ID));
        keys.put(currentId, aes(key, "vigil.secrets.key"));
    }

    /** The box configured in {@code environment}; see the class comment. */
    public static SecretBox fromEnvironment(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, String> previous = binder.bind("vigil.secrets.previous-keys",
                Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        Map<String, byte[]> previousKeys = new LinkedHashMap<>();
        previous.forEach((id, value) -> previousKeys.put(id, decode(value, "vigil.secrets.previous-keys." + id)));
        String key = environment.getProperty("vigil.secrets.key", "").strip();
        if (key.isEmpty()) {
            if (environment.acceptsProfiles(Profiles.of("demo", "test"))) {
                log.warn("vigil.secrets.key is not set: webhook and subscription secrets are sealed with the public "
                        + "demo key (profile demo or test only)");
                return new SecretBox(DEMO_KEY_ID, demoKey(), previousKeys);
            }
            throw new IllegalStateException("vigil.secrets.key (VIGIL_SECRETS_KEY) is not set: webhook secrets and "
                    + "FHIR Subscription headers are stored encrypted with it. Set it to 32 random bytes in base64 "
                    + "(openssl rand -base64 32) and keep it like a password, or run with profile demo");
        }
        String keyId = environment.getProperty("vigil.secrets.key-id", "1").strip();
        if (keyId.equals(DEMO_KEY_ID)) {
            throw new IllegalStateException("vigil.secrets.key-id may not be " + DEMO_KEY_ID + ": it names the public "
                    + "demo key");
        }
        return new SecretBox(keyId, decode(key, "vigil.secrets.key"), previousKeys);
    }

    /** {@code clear}, sealed with the current key for {@code purpose} (e.g. {@code alert_subscription.secret}). */
    public String seal(String clear, String purpose) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(currentId, purpose));
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            byte[] value = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return VERSION + ":" + currentId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The clear text of a value {@link #seal} made for the same {@code purpose}.
     *
     * @throws IllegalStateException if it is not a sealed value, its key is not configured, or it does not open (it
     *     was changed, or sealed for another purpose); the message names no part of the value
     */
    public String open(String sealed, String purpose) {
        String[] parts = sealed.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new IllegalStateException("not a sealed value (" + purpose + ")");
        }
        SecretKey key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("a value of " + purpose + " is sealed with key " + parts[1]
                    + ", which is not configured: set vigil.secrets.previous-keys." + parts[1]);
        }
        try {
            byte[] value = Base64.getUrlDecoder().decode(parts[2]);
            if (value.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new IllegalStateException("a sealed value of " + purpose + " is too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, value, 0, NONCE_BYTES));
            cipher.updateAAD(aad(parts[1], purpose));
            return new String(cipher.doFinal(value, NONCE_BYTES, value.length - NONCE_BYTES),
                    StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("a sealed value of " + purpose + " does not open: it was changed, or "
                    + "sealed for another column");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a sealed value of " + purpose + " is not base64url");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Whether {@code sealed} is sealed with the current key (else it is sealed again at start-up). */
    public boolean isCurrent(String sealed) {
        return sealed.startsWith(VERSION + ":" + currentId + ":");
    }

    public String currentKeyId() {
        return currentId;
    }

    private static byte[] aad(String keyId, String purpose) {
        return (VERSION + ":" + keyId + ":" + purpose).getBytes(StandardCharsets.UTF_8);
    }

    private static String id(String keyId) {
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new IllegalStateException("vigil.secrets key ids are 1 to 32 letters, digits, - or _");
        }
        return keyId;
    }

    private static SecretKey aes(byte[] key, String name) {
        if (key.length != 32) {
            throw new IllegalStateException(name + " must be 32 bytes (AES-256), base64-encoded; it is " + key.length
                    + " bytes");
        }
        return new SecretKeySpec(key, "AES");
    }

    private static byte[] decode(String base64, String name) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " must be base64 (openssl rand -base64 32)");
        }
    }

    /** Public on purpose: the demo profile's key, derived from a sentence anyone can read here. */
    private static byte[] demoKey() {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest("Vigil demo secrets key: public, for profile demo and tests only"
                            .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
