package org.vigil.fhir;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where audit-service's internal API is, and how long to wait for it.
 *
 * @param url base URL, {@code VIGIL_AUDIT_URL}
 * @param connectTimeout how long to wait for a connection before answering 503
 * @param readTimeout how long to wait for an answer before answering 503
 */
@ConfigurationProperties("vigil.audit")
record AuditProperties(URI url, @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout) {
}
