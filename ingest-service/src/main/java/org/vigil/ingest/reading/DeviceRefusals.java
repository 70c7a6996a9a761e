package org.vigil.ingest.reading;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.common.events.AuditRecorded;
import org.vigil.service.Correlation;
import org.vigil.service.security.AuditTrail;
import org.vigil.service.security.DataKind;

/**
 * Records in the audit trail every device refused a write: a missing, unknown or revoked token (401) and a device
 * posting for another (403). Accepted readings are not audited here: each one's ReadingRecorded event (device,
 * patient, receivedAt, correlation id) is the durable record of the write.
 *
 * <p>Recording a refusal never changes the answer: if the audit trail cannot take the record, the device is still told
 * 401 or 403, not 503 or 500, and the loss is logged (without the token, which is never logged).
 */
@Component
class DeviceRefusals {

    static final String ANONYMOUS = "anonymous";
    static final String DEVICE = "device";

    private static final Logger log = LoggerFactory.getLogger(DeviceRefusals.class);

    private final ObjectProvider<AuditTrail> audit;
    private final String service;
    private final Clock clock;

    DeviceRefusals(ObjectProvider<AuditTrail> audit, @Value("${spring.application.name:ingest-service}") String service,
            Clock clock) {
        this.audit = audit;
        this.service = service;
        this.clock = clock;
    }

    /**
     * @param deviceId the device refused, when known (its token was revoked, or it posted for another); null for a
     *     caller with no usable token, who is recorded as anonymous
     * @param reason a short code, e.g. {@code unknown-token}, {@code credentials-revoked}, {@code foreign-device}
     */
    void record(HttpServletRequest request, @Nullable String deviceId, String reason) {
        AuditTrail trail = audit.getIfAvailable();
        if (trail == null) {
            return;
        }
        String line = request.getMethod() + " " + request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        try {
            trail.record(new AuditRecorded(UUID.randomUUID(), clock.instant(), service, AuditRecorded.CREATE,
                    DataKind.OBSERVATION.resourceType(), AuditRecorded.DENIED,
                    deviceId == null ? ANONYMOUS : deviceId, deviceId == null ? ANONYMOUS : DEVICE, null, List.of(),
                    List.of(), line, sourceAddress(request), MDC.get(Correlation.MDC_KEY), reason, false));
        } catch (RuntimeException e) {
            log.warn("A refused device request ({}) could not be audited ({}); it is refused all the same", reason,
                    e.getClass().getSimpleName());
        }
    }

    /** The first X-Forwarded-For hop (the gateway sets it to the caller's address), else the peer. */
    private static @Nullable String sourceAddress(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            return forwarded.split(",")[0].trim();
        }
        return request.getRemoteAddr();
    }
}
