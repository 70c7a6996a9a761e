/**
 * The one public entry point: routes (in application.yml) to the services, and the few things the gateway answers
 * itself, as problem+json: no route, /internal/**, oversize bodies, downstream services down or slow.
 */
@NullMarked
package org.vigil.gateway;

import org.jspecify.annotations.NullMarked;
