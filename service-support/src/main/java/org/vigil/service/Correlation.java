package org.vigil.service;

import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The correlation id that follows one device request through the gateway, the services, Kafka and every consumer's
 * logs. It lives in the SLF4J MDC under {@link #MDC_KEY} while a request or a record is handled, in the HTTP header
 * {@link #HEADER}, and in the Kafka header {@link org.vigil.common.events.Headers#CORRELATION_ID}.
 */
public final class Correlation {

    public static final String HEADER = "X-Correlation-Id";
    public static final String MDC_KEY = "correlationId";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Correlation() {
    }

    /**
     * The caller's id if it is safe to log (it ends up in log lines, so nothing but a short token is accepted), or a new
     * random one.
     */
    public static String acceptOrCreate(@Nullable String offered) {
        if (offered != null && SAFE.matcher(offered).matches()) {
            return offered;
        }
        return UUID.randomUUID().toString();
    }
}
