/** Auto-configuration shared by Vigil's servlet services: correlation ids and Kafka readiness. */
@NullMarked
package org.vigil.service;

import org.jspecify.annotations.NullMarked;
