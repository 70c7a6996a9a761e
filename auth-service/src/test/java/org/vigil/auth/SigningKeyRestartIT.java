package org.vigil.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** A restart keeps the generated signing key, so tokens issued before it stay valid. */
class SigningKeyRestartIT {

    @Test
    void aRestartWithTheSameKeyFilePublishesTheSameKeyAndAcceptsEarlierTokens() throws Exception {
        String keyFile = Http.freshKeyFile();
        String kid;
        String token;
        try (var first = start(keyFile)) {
            Http http = new Http(port(first));
            kid = http.jwks().getKeys().getFirst().getKeyID();
            token = (String) Http.json(http.clientCredentials("ingest-service", "ingest-service-demo-secret"))
                .get("access_token");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(keyFile))))
            .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(keyFile).getParent())))
            .isEqualTo("rwx------");

        try (var second = start(keyFile)) {
            Http http = new Http(port(second));
            assertThat(http.jwks().getKeys()).singleElement()
                .satisfies(key -> assertThat(key.getKeyID()).isEqualTo(kid));
            SignedJWT before = http.verified(token);
            assertThat(before.getHeader().getKeyID()).isEqualTo(kid);
        }
    }

    @Test
    void anotherKeyFileMeansAnotherKey() {
        String first;
        try (var context = start(Http.freshKeyFile())) {
            first = new Http(port(context)).jwks().getKeys().getFirst().getKeyID();
        }
        try (var context = start(Http.freshKeyFile())) {
            assertThat(new Http(port(context)).jwks().getKeys().getFirst().getKeyID()).isNotEqualTo(first);
        }
    }

    private static ConfigurableApplicationContext start(String keyFile) {
        // Arguments, not default properties: those rank below application.yml.
        return new SpringApplicationBuilder(AuthApplication.class).run("--server.port=0",
                "--vigil.auth.signing-key.file=" + keyFile, "--vigil.auth.issuer=https://localhost:8443",
                "--spring.main.banner-mode=off", "--spring.profiles.active=demo");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
