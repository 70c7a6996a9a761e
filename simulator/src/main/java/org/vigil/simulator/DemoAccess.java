package org.vigil.simulator;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.vigil.simulator.gateway.GatewayClient;
import org.vigil.simulator.gateway.ProvisioningException;

/**
 * Who can look at the demo: a clinician through a care team holding every provisioned patient, and a patient user
 * linked to patient 1. Without this the people of the demo would see nothing, since people only see the patients
 * they are related to.
 *
 * @param patientUserLinked whether the patient user is now patient 1's; false when the platform answered 409 (linked
 *     to a patient of an earlier run) or no patient user was asked for
 */
record DemoAccess(String careTeamId, String careTeam, String clinician, @Nullable String patientUser,
        boolean patientUserLinked) {

    static DemoAccess grant(GatewayClient gateway, DemoFleet fleet, String careTeam, String clinician,
            @Nullable String patientUser) throws ProvisioningException, InterruptedException {
        String careTeamId = gateway.careTeamNamed(careTeam);
        gateway.addCareTeamMember(careTeamId, clinician);
        for (DemoFleet.Member member : fleet.members()) {
            gateway.addCareTeamPatient(careTeamId, member.patientId());
        }
        boolean linked = patientUser != null
                && gateway.linkPatientUser(fleet.members().getFirst().patientId(), patientUser);
        return new DemoAccess(careTeamId, careTeam, clinician, patientUser, linked);
    }

    /** One line for people: who logs in to see what. Names user names and patient ids, never a credential. */
    String describe(DemoFleet fleet) {
        int count = fleet.members().size();
        String first = "Patient/" + fleet.members().getFirst().patientId();
        String line = String.format(Locale.ROOT, "Access: clinician %s sees %s through care team '%s'", clinician,
                count == 1 ? "the patient" : "all " + count + " patients", careTeam);
        if (patientUser == null) {
            return line + "; no patient user linked.";
        }
        return line + (patientUserLinked
                ? "; patient user " + patientUser + " sees " + first + " (their own record) only."
                : "; patient user " + patientUser + " is still linked to a patient of an earlier run (409), so it "
                        + "does not see " + first + ".");
    }
}
