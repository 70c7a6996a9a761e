package org.vigil.fhir;

import org.springframework.web.client.RestClient;

/** alert-service's internal API: stored NEWS2 scores. */
public class AlertApi extends InternalApi {

    AlertApi(RestClient client) {
        super(client, "alert-service");
    }
}
