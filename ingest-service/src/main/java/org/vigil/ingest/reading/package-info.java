/**
 * Stages 2 to 4 for {@code POST /api/v1/readings}: normalise each reading (check, convert, attribute), deduplicate the
 * request's readings with one claim call to vitals-service, publish the accepted ones and answer once Kafka has them.
 */
@NullMarked
package org.vigil.ingest.reading;

import org.jspecify.annotations.NullMarked;
