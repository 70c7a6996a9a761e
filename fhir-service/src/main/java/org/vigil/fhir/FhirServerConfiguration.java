package org.vigil.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.BufferingClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.vigil.service.security.ServiceTokens;

@Configuration(proxyBeanMethods = false)
class FhirServerConfiguration {

    /** One context for the whole service: building it scans the R4 model and is expensive. */
    @Bean
    FhirContext fhirContext() {
        FhirContext context = FhirContext.forR4();
        // An element the model does not know is a client error (400 naming it), not something to drop silently.
        context.setParserErrorHandler(new StrictErrorHandler());
        // HAPI's encoder otherwise walks every resource (and a Bundle's every entry, twice) looking for references
        // to resource objects without an id, to put them in "contained". Vigil never builds such references: a
        // reference it sets points at a resource with an id (an included Device), and a posted document's contained
        // resources are in its contained list, which is encoded regardless.
        context.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
        return context;
    }

    @Bean
    ServletRegistrationBean<VigilFhirServer> fhirServlet(FhirContext context, List<IResourceProvider> providers,
            ObjectProvider<PlainProvider> plainProviders) {
        ServletRegistrationBean<VigilFhirServer> registration = new ServletRegistrationBean<>(
                new VigilFhirServer(context, providers, plainProviders.orderedStream().toList()), "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** Just before the security filter chain, so that it sees the chain's refusals as they are written. */
    @Bean
    FilterRegistrationBean<SecurityOutcomeFilter> securityOutcomeFilter(FhirContext context) {
        FilterRegistrationBean<SecurityOutcomeFilter> registration =
                new FilterRegistrationBean<>(new SecurityOutcomeFilter(context));
        registration.addUrlPatterns("/fhir/*");
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
        return registration;
    }

    @Bean
    VitalsApi vitalsApi(RestClient.Builder builder, VitalsProperties properties, ServiceTokens tokens) {
        return new VitalsApi(client(builder, tokens, properties.url(), properties.connectTimeout(),
                properties.readTimeout()));
    }

    @Bean
    AlertApi alertApi(RestClient.Builder builder, AlertProperties properties, ServiceTokens tokens) {
        return new AlertApi(client(builder, tokens, properties.url(), properties.connectTimeout(),
                properties.readTimeout()));
    }

    @Bean
    AuditApi auditApi(RestClient.Builder builder, AuditProperties properties, ServiceTokens tokens) {
        return new AuditApi(client(builder, tokens, properties.url(), properties.connectTimeout(),
                properties.readTimeout()));
    }

    /**
     * Every call to another service's /internal API carries this service's own token (scope vigil.internal).
     *
     * <p>A blocking connection on the request's own thread (HttpURLConnection, kept alive between calls) rather than
     * the JDK's HttpClient: that client hands each exchange to its selector thread and back, which on the 2-core
     * benchmark machine made a 1 ms call to vitals-service take 3–5 ms of every search.
     */
    private static RestClient client(RestClient.Builder builder, ServiceTokens tokens, URI url,
            Duration connectTimeout, Duration readTimeout) {
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(connectTimeout);
        factory.setReadTimeout(readTimeout);
        // Buffered, so that the small JSON bodies go with a Content-Length rather than chunked. The builder is
        // cloned: it is a shared prototype, and each API has its own base URL.
        return builder.clone().baseUrl(url.toString()).requestInterceptor(tokens.interceptor())
                .requestFactory(new BufferingClientHttpRequestFactory(factory)).build();
    }
}
