package org.vigil.fhir.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.vigil.fhir.OfflineValidator;

class DeviceMapperTest {

    static final FhirContext FHIR = FhirContext.forR4();


    static DeviceRecord record(Boolean active, String patientId) {
        return new DeviceRecord("d-1", "3", Instant.parse("2026-11-21T10:00:00Z"), "Acme", "SN-1", "Pulse 3000",
                active, List.of("urn:acme:device|A-17", "|local-5"), patientId,
                List.of(new DeviceRecord.Assignment("p-1", Instant.parse("2026-11-01T00:00:00Z"), null)));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aMappedDevicePassesTheR4ValidatorWithoutErrors(boolean active) {
        Device device = DeviceMapper.toDevice(record(active, active ? "p-1" : null), true);

        List<SingleValidationMessage> errors = OfflineValidator.errors(device);

        assertThat(errors).as(FHIR.newJsonParser().encodeResourceToString(device)).isEmpty();
        assertThat(device.getStatus()).isEqualTo(active ? Device.FHIRDeviceStatus.ACTIVE
                : Device.FHIRDeviceStatus.INACTIVE);
    }

    @Test
    void aDeviceMapsEveryFieldAndBack() {
        Device device = DeviceMapper.toDevice(record(true, "p-1"), true);

        assertThat(device.getIdElement().getIdPart()).isEqualTo("d-1");
        assertThat(device.getMeta().getVersionId()).isEqualTo("3");
        assertThat(device.getIdentifier()).extracting(i -> i.getSystem() + "|" + i.getValue())
                .containsExactly("urn:acme:device|A-17", "null|local-5");
        assertThat(device.getManufacturer()).isEqualTo("Acme");
        assertThat(device.getSerialNumber()).isEqualTo("SN-1");
        assertThat(device.getModelNumber()).isEqualTo("Pulse 3000");
        assertThat(device.getDeviceNameFirstRep().getName()).isEqualTo("Pulse 3000");
        assertThat(device.getPatient().getReference()).isEqualTo("Patient/p-1");
        assertThat(DeviceMapper.fields(device)).isEqualTo(new DeviceFields("Acme", "SN-1", "Pulse 3000",
                List.of("urn:acme:device|A-17", "|local-5"), true, "p-1"));
        assertThat(DeviceMapper.toDevice(record(true, "p-1"), false).hasPatient()).isFalse();
    }

    @Test
    void aPatientReferenceMustBeALocalPatient() {
        Device device = DeviceMapper.toDevice(record(true, null), true);
        device.setPatient(new Reference("Location/x"));

        assertThatThrownBy(() -> DeviceMapper.fields(device)).isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("Device.patient");
    }
}
