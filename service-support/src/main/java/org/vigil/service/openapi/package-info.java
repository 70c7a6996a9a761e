/**
 * What every servlet service's OpenAPI document has in common (springdoc generates the rest from the controllers):
 * the bearer JWT security scheme, and RFC 9457 problem details as the answer to any failed call.
 */
@NullMarked
package org.vigil.service.openapi;

import org.jspecify.annotations.NullMarked;
