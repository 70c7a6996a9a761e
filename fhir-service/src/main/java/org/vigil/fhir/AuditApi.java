package org.vigil.fhir;

import org.springframework.web.client.RestClient;

/** audit-service's internal API: the stored audit records. */
public class AuditApi extends InternalApi {

    AuditApi(RestClient client) {
        super(client, "audit-service");
    }
}
