package org.vigil.gateway;

import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionIdResolver;
import org.springframework.web.server.session.WebSessionManager;

/**
 * Boot's session manager (cookie from {@code server.reactive.session.cookie.*}, timeout, max-sessions) with the store
 * that bounds anonymous sessions, {@link SignInSessions}. Boot backs off when a bean of this name exists.
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

    @Bean
    SignInSessions signInSessions(VigilGatewayProperties properties,
            @Value("${server.reactive.session.timeout:30m}") Duration timeout,
            @Value("${server.reactive.session.max-sessions:10000}") int maxSessions) {
        return new SignInSessions(timeout, maxSessions, properties.signIn().maxAnonymousSessions());
    }

    @Bean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
    WebSessionManager webSessionManager(SignInSessions sessions, ObjectProvider<WebSessionIdResolver> idResolver) {
        DefaultWebSessionManager manager = new DefaultWebSessionManager();
        manager.setSessionStore(sessions);
        idResolver.ifAvailable(manager::setSessionIdResolver);
        return manager;
    }
}
