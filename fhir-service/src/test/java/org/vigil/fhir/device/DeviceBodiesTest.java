package org.vigil.fhir.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class DeviceBodiesTest {

    @Test
    void aTransactionEntryReferenceBecomesPatientRef() {
        Device device = new Device().setManufacturer("Acme").setSerialNumber("SN-1");
        device.setPatient(new Reference("urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"));

        assertThat(DeviceBodies.forTransaction(device)).containsEntry("patientRef",
                "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a").doesNotContainKey("patientId")
                .containsEntry("identifiers", List.of());
        device.setPatient(new Reference("Patient/p-1"));
        assertThat(DeviceBodies.forTransaction(device)).containsEntry("patientId", "p-1")
                .doesNotContainKey("patientRef");
    }
}
