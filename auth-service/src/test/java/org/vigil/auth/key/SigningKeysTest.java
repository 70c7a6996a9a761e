package org.vigil.auth.key;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedKeyIsRsa2048WrittenOwnerOnlyAndReadBackWithTheSameKid() throws Exception {
        Path file = dir.resolve("nested/signing-key.json");

        RSAKey generated = SigningKeys.fromFile(file);
        RSAKey reread = SigningKeys.fromFile(file);

        assertThat(generated.size()).isEqualTo(2048);
        assertThat(generated.isPrivate()).isTrue();
        assertThat(generated.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(generated.getKeyID()).isEqualTo(generated.computeThumbprint().toString());
        assertThat(reread.getKeyID()).isEqualTo(generated.getKeyID());
        assertThat(reread.toRSAPrivateKey()).isEqualTo(generated.toRSAPrivateKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var siblings = Files.list(file.getParent())) {
            assertThat(siblings).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void aKeyFileThatIsNotAPrivateRsaJwkIsRefused() throws Exception {
        Path file = dir.resolve("signing-key.json");
        Files.writeString(file, SigningKeys.fromFile(dir.resolve("other.json")).toPublicJWK().toJSONString());

        assertThatThrownBy(() -> SigningKeys.fromFile(file)).hasMessageContaining("RSA private key");
    }

    @Test
    void aPkcs12KeystoreGivesItsKeyWithAThumbprintKidWhetherOrNotTheAliasIsNamed() throws Exception {
        Path keystore = keytool("vigil-signing", "store-password");

        RSAKey byAlias = SigningKeys.fromKeystore(keystore, "store-password".toCharArray(), "vigil-signing");
        RSAKey onlyEntry = SigningKeys.fromKeystore(keystore, "store-password".toCharArray(), null);

        assertThat(byAlias.isPrivate()).isTrue();
        assertThat(byAlias.getKeyID()).isEqualTo(byAlias.computeThumbprint().toString());
        assertThat(onlyEntry.getKeyID()).isEqualTo(byAlias.getKeyID());
    }

    @Test
    void aWrongKeystorePasswordFailsWithoutRepeatingIt() throws Exception {
        Path keystore = keytool("vigil-signing", "store-password");

        assertThatThrownBy(() -> SigningKeys.fromKeystore(keystore, "wrong-password".toCharArray(), null))
            .isInstanceOf(IllegalStateException.class)
            .message()
            .doesNotContain("wrong-password")
            .doesNotContain("store-password");
    }

    @Test
    void anUnknownAliasIsNamedInTheError() throws Exception {
        Path keystore = keytool("vigil-signing", "store-password");

        assertThatThrownBy(() -> SigningKeys.fromKeystore(keystore, "store-password".toCharArray(), "other"))
            .hasMessageContaining("other");
    }

    private Path keytool(String alias, String password) throws Exception {
        Path keystore = dir.resolve("signing.p12");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password, "-dname", "CN=vigil-test", "-validity", "2")
            .redirectErrorStream(true)
            .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
        return keystore;
    }
}
