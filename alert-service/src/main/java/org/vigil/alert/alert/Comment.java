package org.vigil.alert.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A note a person added to an alert. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Comment(UUID id, @Nullable String by, String text, Instant at) {
}
