package org.vigil.auth.key;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads or creates the signing key. The key id is the key's RFC 7638 thumbprint, so the same key always has the same
 * {@code kid}, whichever source it comes from. Nothing here logs or throws key material or passwords.
 */
final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private SigningKeys() {
    }

    /** The private key of {@code alias} (or of the keystore's only key entry) in a PKCS12 keystore. */
    static RSAKey fromKeystore(Path keystore, char[] password, @Nullable String alias) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            String entry = alias == null || alias.isBlank() ? onlyKeyEntry(store, keystore) : alias;
            Key key = store.getKey(entry, password);
            Certificate certificate = store.getCertificate(entry);
            if (!(key instanceof RSAPrivateKey privateKey) || certificate == null
                    || !(certificate.getPublicKey() instanceof RSAPublicKey publicKey)) {
                throw new IllegalStateException(
                        "Keystore " + keystore + " has no RSA private key with a certificate under alias " + entry);
            }
            return withThumbprintId(new RSAKey.Builder(publicKey).privateKey(privateKey));
        }
        catch (IOException ex) {
            // The message of a wrong password is "keystore password was incorrect"; no secret in it.
            throw new IllegalStateException("Cannot read keystore " + keystore + ": " + ex.getMessage(), ex);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Cannot load the signing key from keystore " + keystore, ex);
        }
    }

    private static String onlyKeyEntry(KeyStore store, Path keystore) throws GeneralSecurityException {
        var keyEntries = Collections.list(store.aliases()).stream().filter(a -> isKeyEntry(store, a)).toList();
        if (keyEntries.size() != 1) {
            throw new IllegalStateException("Keystore " + keystore + " has " + keyEntries.size()
                    + " key entries; set VIGIL_AUTH_KEY_ALIAS to choose one");
        }
        return keyEntries.getFirst();
    }

    private static boolean isKeyEntry(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        }
        catch (GeneralSecurityException ex) {
            return false;
        }
    }

    /** The key persisted in {@code file}, generated (RSA-2048) and written owner-only if the file does not exist. */
    static RSAKey fromFile(Path file) {
        if (Files.exists(file)) {
            return read(file);
        }
        RSAKey generated = generate();
        try {
            write(generated, file);
            log.info("Generated a new RS256 signing key (kid {}) in {}", generated.getKeyID(), file);
            return generated;
        }
        catch (FileAlreadyExistsException ex) {
            // Another instance sharing the file won the race: use its key, so both sign with the same one.
            return read(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot write the signing key to " + file, ex);
        }
    }

    private static RSAKey read(Path file) {
        try {
            warnIfReadableByOthers(file);
            JWK jwk = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!(jwk instanceof RSAKey rsa) || !rsa.isPrivate()) {
                throw new IllegalStateException("Signing key file " + file + " does not hold an RSA private key");
            }
            // Recomputed, so a hand-edited kid cannot drift from the key.
            return withThumbprintId(new RSAKey.Builder(rsa.toRSAPublicKey()).privateKey(rsa.toRSAPrivateKey()));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the signing key file " + file, ex);
        }
        catch (ParseException | JOSEException ex) {
            throw new IllegalStateException("Signing key file " + file + " is not a valid JWK", ex);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .keyIDFromThumbprint(true)
                .generate();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Cannot generate an RSA signing key", ex);
        }
    }

    /**
     * Written to an owner-only temporary file beside the target and then moved into place without replacing, so the
     * key is never readable by others, not even briefly, and a concurrent writer cannot be overwritten.
     */
    private static void write(RSAKey key, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            }
            else {
                Files.createDirectories(dir);
            }
        }
        Path temporary = posix
                ? Files.createTempFile(dir, ".signing-key", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                : Files.createTempFile(dir, ".signing-key", ".tmp");
        try {
            if (!posix) {
                var f = temporary.toFile();
                f.setReadable(false, false);
                f.setWritable(false, false);
                f.setReadable(true, true);
                f.setWritable(true, true);
            }
            Files.writeString(temporary, key.toJSONString(), StandardCharsets.UTF_8);
            publishWithoutReplacing(temporary, target);
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void publishWithoutReplacing(Path temporary, Path target) throws IOException {
        try {
            // A hard link appears atomically and fails if the target exists; a rename could replace another's key.
            Files.createLink(target, temporary);
        }
        catch (FileAlreadyExistsException ex) {
            throw ex;
        }
        catch (IOException | UnsupportedOperationException ex) {
            // File systems without hard links: a move without REPLACE_EXISTING still refuses to overwrite.
            Files.move(temporary, target);
        }
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            var permissions = EnumSet.copyOf(Files.getPosixFilePermissions(file));
            permissions.removeAll(OWNER_ONLY_FILE);
            if (!permissions.isEmpty()) {
                log.warn("Signing key file {} is accessible to others ({}); restrict it to its owner (chmod 600)",
                        file, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            }
        }
    }

    private static RSAKey withThumbprintId(RSAKey.Builder builder) {
        try {
            return builder.keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).keyIDFromThumbprint().build();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Cannot compute the signing key's thumbprint", ex);
        }
    }
}
