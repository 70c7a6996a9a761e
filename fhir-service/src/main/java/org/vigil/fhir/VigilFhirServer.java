package org.vigil.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
        registerInterceptor(new Searchset.UnknownTotal());
    }

    /**
     * Every answer leaves in a few large writes rather than one per JSON value ({@link UnflushedResponse}). HAPI turns
     * its own failures into OperationOutcomes; should anything still escape it, what is still held is dropped rather
     * than sent half-written, and the exception propagates unmasked.
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        UnflushedResponse unflushed = new UnflushedResponse(response);
        super.service(request, unflushed);
        unflushed.finish();
    }
}
