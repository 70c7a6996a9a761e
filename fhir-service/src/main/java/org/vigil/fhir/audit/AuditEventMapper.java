package org.vigil.fhir.audit;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * One audit record as a FHIR R4 AuditEvent, after the patterns of IHE Basic Audit Log Patterns (BALP): a RESTful
 * interaction ({@code audit-event-type|rest} with the {@code restful-interaction} subtype), the requesting agent
 * identified by the token's subject, the deciding service as the source observer, one entity per patient (role
 * Patient), the query of a search, and the request's correlation id. Break-glass access carries the purpose of use
 * {@code v3-ActReason|BTG}. The BALP profiles are not claimed in {@code meta.profile}: validating against them needs
 * the BALP package, and the records lack some of what they require (e.g. a server agent with a network address).
 */
final class AuditEventMapper {

    static final String AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
    static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String BALP_ENTITY_TYPE = "https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType";
    static final String AGENT_SYSTEM = "urn:vigil:agent";
    static final String SERVICE_SYSTEM = "urn:vigil:service";
    static final String ROLE_SYSTEM = "urn:vigil:CodeSystem:role";

    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

    private AuditEventMapper() {
    }

    static AuditEvent toAuditEvent(AuditEntry entry) {
        AuditEvent event = new AuditEvent();
        event.setId(entry.eventId());
        type(event, entry.action());
        event.setAction(action(entry.action()));
        event.setRecorded(Date.from(entry.recordedAt()));
        boolean success = "success".equals(entry.outcome());
        event.setOutcome(success ? AuditEventOutcome._0 : AuditEventOutcome._4);
        if (entry.reason() != null) {
            event.setOutcomeDesc(entry.reason());
        }
        event.addAgent(requestor(entry));
        event.getSource()
                .setSite("Vigil")
                .setObserver(new Reference().setDisplay(entry.service())
                        .setIdentifier(new Identifier().setSystem(SERVICE_SYSTEM).setValue(entry.service())))
                .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));
        for (String patientId : entry.patientIds()) {
            event.addEntity()
                    .setWhat(new Reference("Patient/" + patientId))
                    .setType(new Coding(ENTITY_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        if (entry.request() != null) {
            event.addEntity(request(entry.action(), entry.request(), entry.resource()));
        }
        if (entry.correlationId() != null) {
            event.addEntity()
                    .setWhat(new Reference().setIdentifier(new Identifier().setValue(entry.correlationId())))
                    .setType(new Coding(BALP_ENTITY_TYPE, "XrequestId", "X-Request-Id"));
        }
        return event;
    }

    private static void type(AuditEvent event, String action) {
        switch (action) {
            case "login" -> event.setType(new Coding(DICOM, "110114", "User Authentication"))
                    .addSubtype(new Coding(DICOM, "110122", "Login"));
            case "break-glass" -> event.setType(new Coding(DICOM, "110113", "Security Alert"));
            case "export" -> event.setType(new Coding(DICOM, "110106", "Export"));
            default -> {
                event.setType(new Coding(AUDIT_EVENT_TYPE, "rest", "Restful Operation"));
                String interaction = switch (action) {
                    case "search" -> "search-type";
                    case "read", "create", "update", "delete" -> action;
                    default -> null;
                };
                if (interaction != null) {
                    event.addSubtype(new Coding(RESTFUL_INTERACTION, interaction, null));
                }
            }
        }
    }

    /** BALP: a search is a query, which it audits as Execute; a read or an export is a Read. */
    static AuditEventAction action(String action) {
        return switch (action) {
            case "create" -> AuditEventAction.C;
            case "read", "export" -> AuditEventAction.R;
            case "update" -> AuditEventAction.U;
            case "delete" -> AuditEventAction.D;
            default -> AuditEventAction.E;
        };
    }

    private static AuditEventAgentComponent requestor(AuditEntry entry) {
        AuditEventAgentComponent agent = new AuditEventAgentComponent().setRequestor(true);
        agent.setWho(new Reference().setIdentifier(new Identifier().setSystem(AGENT_SYSTEM).setValue(entry.agent()))
                .setDisplay(entry.agent()));
        switch (entry.agentType()) {
            case "user" -> agent.setType(new CodeableConcept(
                    new Coding(PARTICIPATION_TYPE, "IRCP", "information recipient")));
            case "client", "device" -> agent.setType(new CodeableConcept(new Coding(DICOM, "110150", "Application")));
            default -> {
            }
        }
        if (entry.clientId() != null && !entry.clientId().equals(entry.agent())) {
            agent.setAltId(entry.clientId());
        }
        for (String role : entry.roles()) {
            agent.addRole(new CodeableConcept(new Coding(ROLE_SYSTEM, role, null)));
        }
        if (entry.sourceAddress() != null) {
            agent.getNetwork().setAddress(entry.sourceAddress())
                    .setType(IP_ADDRESS.matcher(entry.sourceAddress()).matches()
                            ? AuditEventAgentNetworkType._2 : AuditEventAgentNetworkType._1);
        }
        if (entry.breakGlass()) {
            agent.addPurposeOfUse(new CodeableConcept(new Coding(ACT_REASON, "BTG", "break the glass")));
        }
        return agent;
    }

    /** A search's query (BALP: entity role Query, the query base64 encoded), else the request that was made. */
    private static AuditEventEntityComponent request(String action, String request, String resource) {
        AuditEventEntityComponent entity = new AuditEventEntityComponent()
                .setType(new Coding(ENTITY_TYPE, "2", "System Object"));
        if ("search".equals(action)) {
            return entity.setRole(new Coding(OBJECT_ROLE, "24", "Query"))
                    .setQuery(request.getBytes(StandardCharsets.UTF_8));
        }
        return entity.setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource")).setName(resource)
                .setDescription(request);
    }
}
