package org.vigil.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodyBytes requests declaring a larger Content-Length are answered 413 without being forwarded; services may
 *     enforce less (ingest takes 1 MiB)
 */
@ConfigurationProperties("vigil.gateway")
record VigilGatewayProperties(@DefaultValue("2MB") DataSize maxBodyBytes) {
}
