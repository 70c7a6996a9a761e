package org.vigil.fhir.write;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How posted Observations are published.
 *
 * @param publishTimeout how long to wait for Kafka's acknowledgement (or a transaction's commit) before answering 503
 */
@ConfigurationProperties("vigil.fhir.write")
record WriteProperties(@DefaultValue("10s") Duration publishTimeout) {
}
