/**
 * audit-service: the tamper-evident audit log (schema {@code audit}). Feature packages: {@code ledger} (the consumer of
 * vigil.audit-recorded.v1, the hash chain and its verification), {@code search} (the log's search API, public and
 * internal) and {@code review} (break-glass records awaiting review).
 */
@NullMarked
package org.vigil.audit;

import org.jspecify.annotations.NullMarked;
