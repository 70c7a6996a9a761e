package org.vigil.fhir;

import org.springframework.web.client.RestClient;

/** vitals-service's internal API: Patients and reading views. */
public class VitalsApi extends InternalApi {

    VitalsApi(RestClient client) {
        super(client, "vitals-service");
    }
}
