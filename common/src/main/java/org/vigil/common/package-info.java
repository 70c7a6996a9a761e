/**
 * The contracts between Vigil's services: the events that cross Kafka, the registry of topics with their codecs, and
 * the catalogue of vital-sign types. Deliberately free of Spring and JPA, so that every service (and every outside
 * consumer of our topics) can depend on it.
 */
@NullMarked
package org.vigil.common;

import org.jspecify.annotations.NullMarked;
