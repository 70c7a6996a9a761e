package org.vigil.simulator;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vigil.simulator.gateway.DemoPatient;
import org.vigil.simulator.gateway.Device;
import org.vigil.simulator.gateway.GatewayClient;
import org.vigil.simulator.gateway.ProvisioningException;

/** The demo's patients, each with one monitor assigned; the first one is the patient who deteriorates. */
record DemoFleet(String runId, List<Member> members) {

    /** A provisioned patient and their device. */
    record Member(int number, String patientId, Device device, boolean deteriorating) {
    }

    /** Fictional people; with more patients than names the names repeat, the MRNs do not. */
    private static final List<DemoPatient> PEOPLE = List.of(
            person("Ada", "Okafor", "female", "1948-03-12"),
            person("Tomas", "Lindqvist", "male", "1955-11-02"),
            person("Mei", "Tanaka", "female", "1962-07-23"),
            person("Rafael", "Ortiz", "male", "1939-01-30"),
            person("Grace", "Mensah", "female", "1971-05-09"),
            person("Henrik", "Bauer", "male", "1944-09-17"),
            person("Leila", "Haddad", "female", "1958-12-04"),
            person("Samuel", "Adeyemi", "male", "1966-02-21"));

    static DemoPatient demoPatient(int number) {
        DemoPatient person = PEOPLE.get((number - 1) % PEOPLE.size());
        return new DemoPatient(String.format(Locale.ROOT, "DEMO-%04d", number), person.given(), person.family(),
                person.gender(), person.birthDate());
    }

    /** Serials carry the run id, so every run registers fresh devices instead of meeting a 409 for an old serial. */
    static String serial(String runId, int number) {
        return String.format(Locale.ROOT, "SIM-%s-%02d", runId, number);
    }

    /** Creates each patient, registers a device for them and assigns it, printing one line per patient. */
    static DemoFleet provision(GatewayClient gateway, int patients, String runId, PrintStream out)
            throws ProvisioningException, InterruptedException {
        List<Member> members = new ArrayList<>(patients);
        for (int number = 1; number <= patients; number++) {
            String patientId = gateway.createPatient(demoPatient(number));
            Device device = gateway.registerDevice(serial(runId, number));
            gateway.assign(device.id(), patientId);
            Member member = new Member(number, patientId, device, number == 1);
            members.add(member);
            out.printf(Locale.ROOT, "  patient %d  Patient/%s  device %s%s%n", number, patientId, device.id(),
                    member.deteriorating() ? "  <- deteriorates (sepsis-like)" : "");
        }
        return new DemoFleet(runId, List.copyOf(members));
    }

    private static DemoPatient person(String given, String family, String gender, String birthDate) {
        return new DemoPatient("", given, family, gender, LocalDate.parse(birthDate));
    }
}
