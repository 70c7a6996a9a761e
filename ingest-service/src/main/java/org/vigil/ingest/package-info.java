/**
 * ingest-service: the devices' way in. Pipeline stages 1 to 4 of docs/architecture.md: authenticate ({@code device/}),
 * normalise, deduplicate and publish ({@code reading/}).
 */
@NullMarked
package org.vigil.ingest;

import org.jspecify.annotations.NullMarked;
