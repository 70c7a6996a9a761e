package org.vigil.simulator;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vigil.simulator.gateway.DemoPatient;
import org.vigil.simulator.gateway.Device;
import org.vigil.simulator.gateway.GatewayClient;
import org.vigil.simulator.gateway.ProvisioningException;
import org.vigil.simulator.signal.Scenario;

/**
 * The demo's patients, each with one monitor assigned, each showing a {@link Scenario}: patient 1 deteriorates, 2 to
 * 6 raise one other kind of alert each, the rest are stable.
 */
record DemoFleet(String runId, List<Member> members) {

    /** A provisioned patient and their device. */
    record Member(int number, String patientId, Device device, Scenario scenario, DemoPatient person) {

        boolean deteriorating() {
            return scenario == Scenario.SEPSIS;
        }
    }

    /**
     * Fictional people, in the order of {@link Scenario#forPatient}: ages and sexes that fit what each one shows (an
     * older man with sepsis, a young woman with type 1 diabetes, a very old woman who falls); with more patients than
     * names the names repeat, the MRNs do not.
     */
    private static final List<DemoPatient> PEOPLE = List.of(
            person("Harold", "Whitfield", "male", "1946-08-14"),
            person("Priya", "Raman", "female", "1991-04-02"),
            person("Tomasz", "Nowak", "male", "1952-11-23"),
            person("Edith", "Marlowe", "female", "1934-02-07"),
            person("Samuel", "Adeyemi", "male", "1966-02-21"),
            person("Grace", "Mensah", "female", "1971-05-09"),
            person("Henrik", "Bauer", "male", "1944-09-17"),
            person("Mei", "Tanaka", "female", "1962-07-23"),
            person("Rafael", "Ortiz", "male", "1939-01-30"),
            person("Leila", "Haddad", "female", "1958-12-04"),
            person("Declan", "Byrne", "male", "1949-06-11"),
            person("Ingrid", "Solberg", "female", "1955-10-28"));

    /**
     * A hospital-style medical record number: 8 digits, the first five the same for the whole run (from its id, so
     * that a rerun's patients are told apart), the last three the patient's number.
     */
    static DemoPatient demoPatient(String runId, int number) {
        DemoPatient person = PEOPLE.get((number - 1) % PEOPLE.size());
        String mrn = String.format(Locale.ROOT, "%05d%03d", 10_000 + Math.floorMod(runId.hashCode(), 90_000), number);
        return new DemoPatient(mrn, person.given(), person.family(), person.gender(), person.birthDate());
    }

    /** Serials carry the run id, so every run registers fresh devices instead of meeting a 409 for an old serial. */
    static String serial(String runId, int number) {
        return String.format(Locale.ROOT, "SIM-%s-%02d", runId, number);
    }

    /**
     * Creates each patient, registers a device for them and assigns it, printing one line per patient.
     *
     * <p>Each device is assigned twice: from {@code recordsFrom} (so that the history it uploads, which ingest
     * attributes by the assignment at each reading's time, is the patient's), and again from now. The second one is
     * the assignment in force, so alert-service counts a device's silence from now rather than from hours ago, and no
     * device is called silent before its first reading.
     *
     * @param recordsFrom the start of the oldest reading any device will upload
     */
    static DemoFleet provision(GatewayClient gateway, int patients, String runId, Instant recordsFrom,
            PrintStream out) throws ProvisioningException, InterruptedException {
        List<Member> members = new ArrayList<>(patients);
        for (int number = 1; number <= patients; number++) {
            DemoPatient person = demoPatient(runId, number);
            String patientId = gateway.createPatient(person);
            Device device = gateway.registerDevice(serial(runId, number));
            gateway.assign(device.id(), patientId, recordsFrom);
            gateway.assign(device.id(), patientId, null);
            Scenario scenario = Scenario.forPatient(number);
            Member member = new Member(number, patientId, device, scenario, person);
            members.add(member);
            out.printf(Locale.ROOT, "  patient %d  %s %s (MRN %s)  Patient/%s  device %s  %s%n", number,
                    person.given(), person.family(), person.mrn(), patientId, device.id(),
                    scenario == Scenario.STABLE ? "stable" : "<- " + scenario.description());
        }
        return new DemoFleet(runId, List.copyOf(members));
    }

    private static DemoPatient person(String given, String family, String gender, String birthDate) {
        return new DemoPatient("", given, family, gender, LocalDate.parse(birthDate));
    }
}
