package org.vigil.simulator;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What was provisioned, for scripts and the end-to-end test: ids only, never a token. */
final class StateFile {

    private StateFile() {
    }

    static ObjectNode describe(DemoFleet fleet, URI gateway, Instant provisionedAt, JsonMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("runId", fleet.runId());
        root.put("gateway", gateway.toString());
        root.put("provisionedAt", provisionedAt.toString());
        ArrayNode patients = root.putArray("patients");
        for (DemoFleet.Member member : fleet.members()) {
            ObjectNode patient = patients.addObject();
            patient.put("number", member.number());
            patient.put("patientId", member.patientId());
            patient.put("deviceId", member.device().id());
            patient.put("serial", member.device().serial());
            patient.put("deteriorating", member.deteriorating());
        }
        return root;
    }

    static void write(Path file, ObjectNode state, JsonMapper json) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(state) + "\n");
    }
}
