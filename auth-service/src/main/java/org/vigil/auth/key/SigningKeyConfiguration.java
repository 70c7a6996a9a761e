package org.vigil.auth.key;

import java.nio.file.Path;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.vigil.auth.AuthProperties;

/** The one signing key, which both signs tokens and is published at /oauth2/jwks (public part only). */
@Configuration(proxyBeanMethods = false)
class SigningKeyConfiguration {

    @Bean
    JWKSource<SecurityContext> jwkSource(AuthProperties properties) {
        AuthProperties.SigningKey config = properties.signingKey();
        RSAKey key;
        if (config.usesKeystore()) {
            String password = config.keystorePassword() == null ? "" : config.keystorePassword();
            key = SigningKeys.fromKeystore(Path.of(config.keystore()), password.toCharArray(), config.keyAlias());
        }
        else {
            key = SigningKeys.fromFile(Path.of(config.file()));
        }
        return new ImmutableJWKSet<>(new JWKSet(key));
    }
}
