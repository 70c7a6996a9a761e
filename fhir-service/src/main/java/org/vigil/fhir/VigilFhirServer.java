package org.vigil.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.List;

/** HAPI's plain RESTful server with Vigil's resource providers; JSON unless the client asks for XML. */
class VigilFhirServer extends RestfulServer {

    VigilFhirServer(FhirContext context, List<IResourceProvider> providers, List<PlainProvider> plainProviders) {
        super(context);
        setResourceProviders(providers);
        setPlainProviders(List.copyOf(plainProviders));
        setServerAddressStrategy(new ForwardedAddressStrategy());
        setDefaultResponseEncoding(EncodingEnum.JSON);
        setDefaultPrettyPrint(false);
        setServerName("Vigil FHIR facade");
        registerInterceptor(new CountLimit());
        registerInterceptor(new SearchParameterHandling());
        registerInterceptor(new Capabilities());
        registerInterceptor(new ServerErrors());
    }
}
