/**
 * Dead-letter replay for operators: lists what this service's consumers dead-lettered (metadata only, never the
 * content, which is health data) and hands a chosen dead letter back to the service's own handler once its cause is
 * fixed, at most once, audited.
 */
@NullMarked
package org.vigil.service.deadletter;

import org.jspecify.annotations.NullMarked;
