/** Events that cross Kafka, named in the past tense, with the topic registry and the JSON codec. */
@NullMarked
package org.vigil.common.events;

import org.jspecify.annotations.NullMarked;
