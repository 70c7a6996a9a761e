package org.vigil.fhir.write;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How posted Observations are published, and how much one Bundle may ask for.
 *
 * @param publishTimeout how long to wait for Kafka's acknowledgement (or a transaction's commit) before answering 503
 * @param maxBundleEntries most entries in one transaction or batch Bundle; more is a 413 before any entry is read
 */
@ConfigurationProperties("vigil.fhir.write")
record WriteProperties(@DefaultValue("10s") Duration publishTimeout, @DefaultValue("1000") int maxBundleEntries) {

    WriteProperties {
        if (maxBundleEntries < 1) {
            throw new IllegalArgumentException("vigil.fhir.write.max-bundle-entries must be at least 1");
        }
    }
}
