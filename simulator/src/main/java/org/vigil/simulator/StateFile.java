package org.vigil.simulator;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What was provisioned, for scripts and the end-to-end test: ids and user names only, never a token or secret. */
final class StateFile {

    private StateFile() {
    }

    static ObjectNode describe(DemoFleet fleet, DemoAccess access, URI gateway, Instant provisionedAt,
            JsonMapper json) {
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
            patient.put("name", member.person().given() + " " + member.person().family());
            patient.put("mrn", member.person().mrn());
            patient.put("scenario", member.scenario().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            patient.put("shows", member.scenario().description());
            ArrayNode rules = patient.putArray("alertRules");
            member.scenario().rules().forEach(rules::add);
        }
        ObjectNode careTeam = root.putObject("careTeam");
        careTeam.put("id", access.careTeamId());
        careTeam.put("name", access.careTeam());
        careTeam.putArray("members").add(access.clinician());
        if (access.patientUser() != null) {
            ObjectNode patientUser = root.putObject("patientUser");
            patientUser.put("subject", access.patientUser());
            patientUser.put("patientId", fleet.members().getFirst().patientId());
            patientUser.put("linked", access.patientUserLinked());
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
