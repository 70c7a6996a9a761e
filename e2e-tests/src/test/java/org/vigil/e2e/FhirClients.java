package org.vigil.e2e;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.util.function.Supplier;

/** HAPI's own FHIR client against the gateway, as an integrator runs it: a bearer token on every request. */
final class FhirClients {

    private static final FhirContext CONTEXT = FhirContext.forR4();

    static {
        CONTEXT.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    }

    private FhirClients() {
    }

    static FhirContext context() {
        return CONTEXT;
    }

    /** A client whose requests carry the token the supplier gives at the time of each request. */
    static IGenericClient client(Supplier<String> token) {
        IGenericClient client = CONTEXT.newRestfulGenericClient(Platform.get().gateway() + "/fhir");
        client.registerInterceptor(new IClientInterceptor() {
            @Override
            public void interceptRequest(IHttpRequest request) {
                request.addHeader("Authorization", "Bearer " + token.get());
            }

            @Override
            public void interceptResponse(IHttpResponse response) {
            }
        });
        return client;
    }

    /** The demo-admin client's view (system/*.cruds). */
    static IGenericClient admin() {
        return client(Tokens::admin);
    }
}
