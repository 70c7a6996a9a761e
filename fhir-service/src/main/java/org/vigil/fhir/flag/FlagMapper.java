package org.vigil.fhir.flag;

import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Reference;

/**
 * An alert as an R4 {@link Flag} (docs/adr/0006-alerts-and-subscriptions-in-fhir.md).
 *
 * <ul>
 * <li>id = alert id; identifier {@code urn:vigil:alert} | id; {@code meta.lastUpdated} = updatedAt;
 * <li>status {@code active} while open or acknowledged, {@code inactive} once resolved; Vigil's own status as
 * {@code meta.tag} {@code urn:vigil:CodeSystem:alert-status} (open, acknowledged, resolved): tags are meant for
 * workflow state;
 * <li>category: flag-category {@code clinical} for clinical alerts, and always {@code urn:vigil:CodeSystem:alert-category}
 * clinical or technical;
 * <li>code: {@code urn:vigil:CodeSystem:alert-rule} | rule (e.g. heart-rate-high), text = the alert's message;
 * <li>subject Patient/{patientId}; period start = raisedAt, end = resolvedAt;
 * <li>extension {@code flag-priority} (core, context Flag): {@code http://hl7.org/fhir/flag-priority-code} PL (low,
 * low-medium), PM (medium), PH (high), plus Vigil's severity code in {@code urn:vigil:CodeSystem:alert-severity};
 * <li>extension {@code flag-detail} (core): the Observation with the worst value, when the alert has one.
 * </ul>
 */
public final class FlagMapper {

    public static final String ALERT_IDENTIFIER = "urn:vigil:alert";
    public static final String STATUS_SYSTEM = "urn:vigil:CodeSystem:alert-status";
    public static final String CATEGORY_SYSTEM = "urn:vigil:CodeSystem:alert-category";
    public static final String RULE_SYSTEM = "urn:vigil:CodeSystem:alert-rule";
    public static final String SEVERITY_SYSTEM = "urn:vigil:CodeSystem:alert-severity";
    static final String FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category";
    static final String FLAG_PRIORITY = "http://hl7.org/fhir/StructureDefinition/flag-priority";
    static final String FLAG_PRIORITY_CODES = "http://hl7.org/fhir/flag-priority-code";
    static final String FLAG_DETAIL = "http://hl7.org/fhir/StructureDefinition/flag-detail";

    private FlagMapper() {
    }

    public static Flag toFlag(AlertView alert) {
        Flag flag = new Flag();
        flag.setId(alert.id());
        flag.getMeta().setLastUpdated(Date.from(alert.updatedAt() != null ? alert.updatedAt() : alert.raisedAt()));
        flag.getMeta().addTag(STATUS_SYSTEM, alert.status(), null);
        flag.addIdentifier().setSystem(ALERT_IDENTIFIER).setValue(alert.id());
        flag.setStatus("resolved".equals(alert.status()) ? Flag.FlagStatus.INACTIVE : Flag.FlagStatus.ACTIVE);
        if ("clinical".equals(alert.category())) {
            flag.addCategory().addCoding().setSystem(FLAG_CATEGORY).setCode("clinical").setDisplay("Clinical");
        }
        flag.addCategory().addCoding().setSystem(CATEGORY_SYSTEM).setCode(alert.category());
        CodeableConcept code = new CodeableConcept();
        code.addCoding().setSystem(RULE_SYSTEM).setCode(alert.rule());
        code.setText(alert.message());
        flag.setCode(code);
        flag.setSubject(new Reference("Patient/" + alert.patientId()));
        flag.getPeriod().setStart(Date.from(alert.raisedAt()));
        if (alert.resolvedAt() != null) {
            flag.getPeriod().setEnd(Date.from(alert.resolvedAt()));
        }
        CodeableConcept priority = new CodeableConcept();
        priority.addCoding().setSystem(FLAG_PRIORITY_CODES).setCode(priority(alert.severity()));
        priority.addCoding().setSystem(SEVERITY_SYSTEM).setCode(alert.severity());
        flag.addExtension(FLAG_PRIORITY, priority);
        if (alert.readingId() != null) {
            flag.addExtension(FLAG_DETAIL, new Reference("Observation/" + alert.readingId()));
        }
        return flag;
    }

    /** Vigil's four severities on FHIR's example flag priorities (PN none, PL low, PM medium, PH high). */
    static String priority(String severity) {
        return switch (severity) {
            case "high" -> "PH";
            case "medium" -> "PM";
            default -> "PL";
        };
    }
}
