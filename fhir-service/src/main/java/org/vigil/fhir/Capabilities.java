package org.vigil.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.ResourceBinding;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
import ca.uhn.fhir.rest.server.method.SearchMethodBinding;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceVersionPolicy;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.StringType;

/**
 * Makes the CapabilityStatement HAPI builds from the providers say exactly what Vigil does. HAPI lists
 * {@code _include=*} and every reference as includable, and revincludes, for every type, though a plain server only
 * includes what a search method declares, and it says nothing of versions. Here:
 * <ul>
 *   <li>includes and revincludes are those the search methods declare;
 *   <li>where there is an update: versioning {@code versioned-update} ({@code meta.versionId}, {@code If-Match}
 *       honoured), no update-as-create, no conditional update;
 *   <li>no history ({@code readHistory} false: only the current version is kept); conditional read by
 *       {@code If-None-Match} only; no conditional delete; conditional create where a create declares it;
 *   <li>the security section names OAuth2 bearer tokens with SMART on FHIR scopes.
 * </ul>
 * Formats stay HAPI's: JSON, XML and Turtle (Jena is on the classpath through hapi-fhir-structures-r4).
 */
@Interceptor
final class Capabilities {

    static final String NAME = "Vigil";

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void exact(IBaseConformance generated, RequestDetails request) {
        if (!(generated instanceof CapabilityStatement statement)
                || !(request.getServer() instanceof RestfulServer server)) {
            return;
        }
        statement.setName(NAME).setTitle("Vigil FHIR R4 API").setPublisher(NAME);
        statement.getSoftware().setName("Vigil FHIR facade (HAPI FHIR plain server)");
        statement.getImplementation().setDescription("Vigil remote patient monitoring");
        statement.setPatchFormat(List.of());
        for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
            rest.getSecurity().setCors(false)
                    .setService(List.of(new CodeableConcept().addCoding(
                            new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/restful-security-service",
                                    "SMART-on-FHIR", "SMART-on-FHIR"))))
                    .setDescription("Every call but GET /metadata needs an OAuth2 bearer access token (RS256 JWT)."
                            + " SMART on FHIR v1/v2 scopes (system/, user/, patient/) and the caller's role decide"
                            + " which patients' data it may touch.");
            for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                declared(server, resource);
            }
        }
    }

    private static void declared(RestfulServer server, CapabilityStatementRestResourceComponent resource) {
        Set<String> includes = new TreeSet<>();
        Set<String> revIncludes = new TreeSet<>();
        boolean versioned = false;
        boolean readable = false;
        for (ResourceBinding binding : server.getResourceBindings()) {
            if (!binding.getResourceName().equals(resource.getType())) {
                continue;
            }
            for (BaseMethodBinding method : binding.getMethodBindings()) {
                if (method instanceof SearchMethodBinding) {
                    includes.addAll(method.getIncludes());
                    revIncludes.addAll(method.getRevIncludes());
                }
            }
        }
        for (CapabilityStatement.ResourceInteractionComponent interaction : resource.getInteraction()) {
            if (interaction.getCode() == CapabilityStatement.TypeRestfulInteraction.UPDATE) {
                versioned = true;
            }
            if (interaction.getCode() == CapabilityStatement.TypeRestfulInteraction.READ) {
                readable = true;
            }
        }
        resource.setSearchInclude(includes.stream().map(StringType::new).toList());
        resource.setSearchRevInclude(revIncludes.stream().map(StringType::new).toList());
        if (versioned) {
            resource.setVersioning(ResourceVersionPolicy.VERSIONEDUPDATE);
            resource.setUpdateCreate(false);
            resource.setConditionalUpdate(false);
        }
        resource.setReadHistory(false);
        // HAPI answers 304 to a read whose If-None-Match names the current version (the ETag); If-Modified-Since
        // is not honoured.
        resource.setConditionalRead(readable ? CapabilityStatement.ConditionalReadStatus.NOTMATCH
                : CapabilityStatement.ConditionalReadStatus.NOTSUPPORTED);
        resource.setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED);
        if (!resource.hasConditionalCreate()) {
            resource.setConditionalCreate(false);
        }
    }
}
