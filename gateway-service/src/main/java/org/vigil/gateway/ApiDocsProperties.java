package org.vigil.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicUrl the gateway's address as callers reach it: the merged document's only server
 * @param services the services whose documents are merged, by name (the name in {@code /api/docs/{service}}), each
 *     at its base URL; the merged document lists them in this order
 * @param path where each service serves its document
 * @param connectTimeout how long to wait for a connection to a service
 * @param responseTimeout how long to wait for a service's whole document
 * @param version the merged document's {@code info.version}
 */
@ConfigurationProperties("vigil.gateway.api-docs")
record ApiDocsProperties(@DefaultValue("https://localhost:8443") String publicUrl, Map<String, URI> services,
        @DefaultValue("/v3/api-docs") String path, @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration responseTimeout, @DefaultValue("dev") String version) {
}
