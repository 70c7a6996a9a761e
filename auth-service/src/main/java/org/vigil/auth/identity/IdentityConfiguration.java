package org.vigil.auth.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.vigil.auth.AuthProperties;
import org.vigil.service.config.ConfiguredSecrets;

/**
 * In memory, which is enough for one instance: authorizations (codes, refresh tokens) live in the default
 * in-memory authorization service. Several replicas need the JDBC repositories instead (see README).
 */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(AuthProperties properties, PasswordEncoder encoder,
            Environment env) {
        if (properties.clients().isEmpty()) {
            throw new IllegalStateException("No OAuth client is configured (vigil.auth.clients)");
        }
        List<RegisteredClient> clients = new ArrayList<>();
        properties.clients()
            .entrySet()
            .stream()
            .sorted(Map.Entry.comparingByKey())
            .forEach(entry -> {
                // Outside the demo profile a published secret would let anyone take this client's identity.
                ConfiguredSecrets.check(env, "vigil.auth.clients." + entry.getKey() + ".secret", entry.getValue().secret());
                clients.add(registeredClient(entry.getKey(), entry.getValue(), properties, encoder));
            });
        return new InMemoryRegisteredClientRepository(clients);
    }

    private static RegisteredClient registeredClient(String key, AuthProperties.Client client,
            AuthProperties properties, PasswordEncoder encoder) {
        String clientId = client.clientId() == null || client.clientId().isBlank() ? key : client.clientId();
        if (client.secret() == null || client.secret().isBlank()) {
            throw new IllegalStateException("OAuth client " + clientId + " has no secret");
        }
        if (client.grantTypes().isEmpty()) {
            throw new IllegalStateException("OAuth client " + clientId + " has no grant type");
        }
        return RegisteredClient.withId(clientId)
            .clientId(clientId)
            .clientSecret(Secrets.encoded(client.secret(), encoder))
            .clientAuthenticationMethods(methods -> {
                methods.add(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
                methods.add(ClientAuthenticationMethod.CLIENT_SECRET_POST);
            })
            .authorizationGrantTypes(types -> client.grantTypes().forEach(t -> types.add(new AuthorizationGrantType(t))))
            .scopes(scopes -> scopes.addAll(client.scopes()))
            .redirectUris(uris -> uris.addAll(client.redirectUris()))
            .postLogoutRedirectUris(uris -> uris.addAll(client.postLogoutRedirectUris()))
            .clientSettings(ClientRoles.put(ClientSettings.builder(), client.roles())
                .requireProofKey(client.requirePkce())
                .requireAuthorizationConsent(client.requireConsent())
                .build())
            .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.accessTokenTtl()).build())
            .build();
    }

    @Bean
    UserDetailsService userDetailsService(AuthProperties properties, PasswordEncoder encoder, Environment env) {
        properties.users().forEach((name, user) ->
                ConfiguredSecrets.check(env, "vigil.auth.users." + name + ".password", user.password()));
        List<UserDetails> users = properties.users()
            .entrySet()
            .stream()
            .sorted(Map.Entry.comparingByKey())
            .map(entry -> User.withUsername(entry.getKey())
                .password(Secrets.encoded(entry.getValue().password(), encoder))
                .roles(entry.getValue().roles().toArray(String[]::new))
                .build())
            .toList();
        return new InMemoryUserDetailsManager(users);
    }
}
