/** Dead-letter replay for operators (service-support's {@code org.vigil.service.deadletter}). */
@NullMarked
package org.vigil.alert.deadletter;

import org.jspecify.annotations.NullMarked;
