package org.vigil.simulator.gateway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.vigil.simulator.signal.Reading;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The request bodies of the external contract, and what the simulator reads from the answers. */
public final class Payloads {

    public static final String DEMO_MRN_SYSTEM = "urn:vigil:demo-mrn";
    static final String DEVICE_MANUFACTURER = "Vigil Demo";
    static final String DEVICE_MODEL = "Multi-parameter monitor";

    private final JsonMapper json;

    public Payloads(JsonMapper json) {
        this.json = json;
    }

    public Payloads() {
        this(JsonMapper.builder().build());
    }

    /** A FHIR R4 Patient, for POST /fhir/Patient. */
    public ObjectNode patient(DemoPatient patient) {
        ObjectNode resource = json.createObjectNode();
        resource.put("resourceType", "Patient");
        ObjectNode identifier = resource.putArray("identifier").addObject();
        identifier.put("use", "usual");
        identifier.put("system", DEMO_MRN_SYSTEM);
        identifier.put("value", patient.mrn());
        resource.put("active", true);
        ObjectNode name = resource.putArray("name").addObject();
        name.put("use", "official");
        name.put("family", patient.family());
        name.putArray("given").add(patient.given());
        resource.put("gender", patient.gender());
        resource.put("birthDate", patient.birthDate().toString());
        return resource;
    }

    /** For POST /api/v1/devices. */
    public ObjectNode device(String serial) {
        ObjectNode body = json.createObjectNode();
        body.put("serial", serial);
        body.put("manufacturer", DEVICE_MANUFACTURER);
        body.put("model", DEVICE_MODEL);
        return body;
    }

    /** For POST /api/v1/devices/{id}/assignments. */
    public ObjectNode assignment(String patientId) {
        ObjectNode body = json.createObjectNode();
        body.put("patientId", patientId);
        return body;
    }

    /** For POST /api/v1/devices/{id}/assignments, starting at {@code from} rather than now. */
    public ObjectNode assignment(String patientId, Instant from) {
        ObjectNode body = assignment(patientId);
        body.put("from", from.toString());
        return body;
    }

    /** For POST /api/v1/care-teams. */
    public ObjectNode careTeam(String name) {
        ObjectNode body = json.createObjectNode();
        body.put("name", name);
        return body;
    }

    /** For PUT /api/v1/patients/{id}/user. */
    public ObjectNode patientUser(String subject) {
        ObjectNode body = json.createObjectNode();
        body.put("subject", subject);
        return body;
    }

    /** A care team as GET /api/v1/care-teams lists it. */
    record CareTeam(String id, String name) {
    }

    /**
     * The care teams of GET /api/v1/care-teams, read leniently: a JSON array, or an object whose {@code careTeams},
     * {@code items}, {@code content}, {@code data} or {@code results} (else its first array field) holds them; entries
     * without a string id and name are skipped.
     */
    List<CareTeam> careTeams(String body) {
        JsonNode tree = tree(body);
        JsonNode array = tree;
        if (!tree.isArray()) {
            array = json.missingNode();
            for (String field : List.of("careTeams", "items", "content", "data", "results")) {
                if (tree.path(field).isArray()) {
                    array = tree.path(field);
                    break;
                }
            }
            if (!array.isArray()) {
                for (JsonNode value : tree.values()) {
                    if (value.isArray()) {
                        array = value;
                        break;
                    }
                }
            }
        }
        List<CareTeam> teams = new ArrayList<>();
        for (JsonNode item : array.values()) {
            String id = text(item, "id");
            String name = text(item, "name");
            if (id != null && name != null) {
                teams.add(new CareTeam(id, name));
            }
        }
        return teams;
    }

    /**
     * For POST /api/v1/readings: {@code {"readings": [...]}}, each with its id, type and time; quantities with
     * {@code value} and {@code unit}, blood pressure with {@code systolic}, {@code diastolic} and {@code unit},
     * consciousness with its ACVPU letter as {@code value}, supplemental oxygen with a boolean {@code value}, RR
     * intervals with {@code values} in ms and {@code time} the window's start, a fall with its {@code location}
     * ({@code lat}, {@code lon}).
     */
    public ObjectNode readings(List<? extends Reading> readings) {
        ObjectNode body = json.createObjectNode();
        ArrayNode array = body.putArray("readings");
        for (Reading reading : readings) {
            ObjectNode node = array.addObject();
            node.put("id", reading.id());
            node.put("type", reading.type().code());
            switch (reading) {
                case Reading.Quantity q -> {
                    node.put("value", q.value());
                    node.put("unit", Objects.requireNonNull(q.type().unit()));
                }
                case Reading.BloodPressure bp -> {
                    node.put("systolic", bp.systolic());
                    node.put("diastolic", bp.diastolic());
                    node.put("unit", Objects.requireNonNull(bp.type().unit()));
                }
                case Reading.Consciousness c -> node.put("value", c.level().name());
                case Reading.SupplementalOxygen o -> node.put("value", o.onOxygen());
                case Reading.RrIntervals rr -> {
                    ArrayNode values = node.putArray("values");
                    rr.intervals().forEach(values::add);
                    node.put("unit", Objects.requireNonNull(rr.type().unit()));
                }
                case Reading.Fall fall -> {
                    ObjectNode location = node.putObject("location");
                    location.put("lat", fall.latitude());
                    location.put("lon", fall.longitude());
                }
            }
            node.put("time", reading.time().toString());
        }
        return body;
    }

    public String write(JsonNode node) {
        return json.writeValueAsString(node);
    }

    /** The {@code id} of a created device, if the body has one. */
    @Nullable String id(String body) {
        return text(tree(body), "id");
    }

    /** The id of the Patient in a FHIR create's answer, if the body is that Patient. */
    @Nullable String patientId(String body) {
        JsonNode tree = tree(body);
        return "Patient".equals(text(tree, "resourceType")) ? text(tree, "id") : null;
    }

    @Nullable String token(String body) {
        return text(tree(body), "token");
    }

    /**
     * What ingest answered for a batch of {@code sent} readings. Counts may come as numbers or as arrays of the
     * readings concerned; a missing accepted count is what is left once duplicates and rejections are taken off.
     */
    BatchOutcome.Answered batchAnswer(String body, int sent) {
        JsonNode tree = tree(body);
        int duplicates = count(tree.path("duplicates"));
        JsonNode rejectedNode = tree.path("rejected");
        int rejected = count(rejectedNode);
        List<String> rejectedIds = new ArrayList<>();
        if (rejectedNode.isArray()) {
            for (JsonNode item : rejectedNode.values()) {
                String id = item.isString() ? item.stringValue() : text(item, "id");
                if (id == null) {
                    id = text(item, "readingId");
                }
                if (id != null) {
                    rejectedIds.add(id);
                }
            }
        }
        JsonNode acceptedNode = tree.path("accepted");
        int accepted = acceptedNode.isMissingNode() || acceptedNode.isNull()
                ? Math.max(0, sent - duplicates - rejected)
                : count(acceptedNode);
        return new BatchOutcome.Answered(accepted, duplicates, rejected, List.copyOf(rejectedIds));
    }

    /** Whether an error answer still says reading by reading what happened (e.g. a 422 when every one was bad). */
    boolean hasBatchCounts(String body) {
        JsonNode tree = tree(body);
        return tree.has("rejected") || tree.has("accepted");
    }

    /**
     * The human-readable part of an error: an RFC 9457 problem's {@code detail} (or {@code title}), or a FHIR
     * OperationOutcome's diagnostics; otherwise the start of the body.
     */
    String problemDetail(String body) {
        JsonNode tree = tree(body);
        String detail = text(tree, "detail");
        if (detail == null) {
            detail = text(tree, "title");
        }
        if (detail == null && "OperationOutcome".equals(text(tree, "resourceType"))) {
            List<String> diagnostics = new ArrayList<>();
            for (JsonNode issue : tree.path("issue").values()) {
                String text = text(issue, "diagnostics");
                diagnostics.add(text != null ? text : issue.path("details").path("text").asString(""));
            }
            detail = String.join("; ", diagnostics);
        }
        if (detail == null || detail.isBlank()) {
            String trimmed = body.strip();
            detail = trimmed.isEmpty() ? "(no body)" : trimmed.substring(0, Math.min(300, trimmed.length()));
        }
        return detail;
    }

    private JsonNode tree(String body) {
        if (body.isBlank()) {
            return json.missingNode();
        }
        try {
            return json.readTree(body);
        } catch (JacksonException notJson) {
            return json.missingNode();
        }
    }

    private static int count(JsonNode node) {
        if (node.isArray()) {
            return node.size();
        }
        return node.isNumber() ? node.asInt() : 0;
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() || value.isNumber() ? value.asString() : null;
    }
}
