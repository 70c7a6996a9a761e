package org.vigil.ingest.reading;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.vigil.common.events.AuditRecorded;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Refusals;

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

    private final ObjectProvider<Refusals> refusals;

    DeviceRefusals(ObjectProvider<Refusals> refusals) {
        this.refusals = refusals;
    }

    /**
     * @param deviceId the device refused, when known (its token was revoked, or it posted for another); null for a
     *     caller with no usable token, who is recorded as anonymous
     * @param reason a short code, e.g. {@code unknown-token}, {@code credentials-revoked}, {@code foreign-device}
     */
    void record(HttpServletRequest request, @Nullable String deviceId, String reason) {
        Refusals trail = refusals.getIfAvailable();
        if (trail != null) {
            trail.record(request, deviceId == null ? Refusals.Agent.anonymous() : Refusals.Agent.device(deviceId),
                    AuditRecorded.CREATE, DataKind.OBSERVATION.resourceType(), List.of(), reason);
        }
    }
}
