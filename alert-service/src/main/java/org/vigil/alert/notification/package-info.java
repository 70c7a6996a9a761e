/**
 * Telling the world about alert changes: the transactional outbox every change writes, its relay to
 * {@code vigil.alert-changed.v1} and to the live stream ({@code GET /api/v1/alerts/stream}), and signed webhooks to
 * subscribers ({@code /api/v1/alert-subscriptions}) with retries.
 */
@NullMarked
package org.vigil.alert.notification;

import org.jspecify.annotations.NullMarked;
