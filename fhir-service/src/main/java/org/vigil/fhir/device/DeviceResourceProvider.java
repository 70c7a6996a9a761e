package org.vigil.fhir.device;

import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.IdType;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.vigil.fhir.CountLimit;
import org.vigil.fhir.DependencyUnavailableException;
import org.vigil.fhir.FhirAccess;
import org.vigil.fhir.IdentifierCondition;
import org.vigil.fhir.InternalQuery;
import org.vigil.fhir.OffsetPage;
import org.vigil.fhir.SearchTokens;
import org.vigil.fhir.VitalsApi;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientScope;

/**
 * The FHIR Device, from vitals-service's device records: read, create (also conditional on one identifier), update
 * (with {@code If-Match}) and search by {@code identifier} and {@code patient} (every device ever assigned to that
 * patient), paged by offset.
 *
 * <p>Access (data kind DEVICE, SMART type Device): reading a device assigned to a patient needs access to that
 * patient; an unassigned device, and creating or updating any, need a role or system scope for every patient
 * ({@code admin}, {@code system/Device.r}, {@code .c}, {@code .u}). A search names the patient unless the caller may
 * see every patient's devices. A device now assigned to a patient the caller may not see is answered without its
 * {@code patient}.
 *
 * <p>Public because HAPI calls the annotated methods reflectively.
 */
@Component
public class DeviceResourceProvider implements IResourceProvider {

    static final String NAME_A_PATIENT = "Name the patient: Device searches need patient={id}; only clients with a"
            + " system/Device scope (or admins) may search without one.";
    private static final String RECORDS = "/internal/v1/device-records";

    private final VitalsApi vitals;
    private final FhirAccess access;

    DeviceResourceProvider(VitalsApi vitals, FhirAccess access) {
        this.vitals = vitals;
        this.access = access;
    }

    @Override
    public Class<Device> getResourceType() {
        return Device.class;
    }

    @Read(version = true)
    public Device read(@IdParam IdType id) {
        String deviceId = idPart(id);
        DeviceRecord record = find(deviceId)
                .orElseThrow(() -> new ResourceNotFoundException(new IdType("Device", deviceId)));
        if (record.patientId() != null) {
            access.check(DataKind.DEVICE, Interaction.READ, record.patientId());
        } else {
            access.checkKind(DataKind.DEVICE, Interaction.READ, null);
        }
        if (id.hasVersionIdPart() && !id.getVersionIdPart().equals(record.versionId())) {
            throw new ResourceNotFoundException("Device/" + deviceId + " has no version " + id.getVersionIdPart()
                    + "; only the current version is kept");
        }
        return DeviceMapper.toDevice(record, true);
    }

    @Create
    public MethodOutcome create(@ResourceParam Device device, @ConditionalUrlParam @Nullable String ifNoneExist) {
        access.checkDeviceWrite(null);
        @Nullable String condition = IdentifierCondition.of(ifNoneExist, "Device");
        DeviceFields fields = DeviceMapper.fields(device);
        DeviceWritten written = vitals.post(InternalQuery.path(RECORDS).param("ifNoneExist", condition).uri(),
                fields, DeviceWritten.class);
        DeviceRecord stored = find(written.id()).orElseThrow(() -> new DependencyUnavailableException(
                "vitals-service did not find the device record it just wrote", null));
        if (written.isNew()) {
            access.recordWrite(DataKind.DEVICE, Interaction.CREATE, patients(stored), "Device/" + written.id());
        } else {
            access.recordAccess(DataKind.DEVICE, Interaction.CREATE, patients(stored));
        }
        return outcome(stored, written.isNew());
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam Device device) {
        String deviceId = idPart(id);
        access.checkDeviceWrite(deviceId);
        @Nullable String ifMatch = id.hasVersionIdPart() ? id.getVersionIdPart() : null;
        if (ifMatch != null && !ifMatch.matches("[0-9]{1,18}")) {
            throw new PreconditionFailedException("If-Match names version " + ifMatch + ", which Device/" + deviceId
                    + " never has (versions are numbers)");
        }
        DeviceFields fields = DeviceMapper.fields(device);
        vitals.put(InternalQuery.path(RECORDS + "/{id}").with("id", deviceId).param("ifMatch", ifMatch).uri(),
                fields, DeviceWritten.class, "Device/" + deviceId);
        DeviceRecord stored = find(deviceId).orElseThrow(() -> new DependencyUnavailableException(
                "vitals-service did not find the device record it just wrote", null));
        access.recordWrite(DataKind.DEVICE, Interaction.UPDATE, patients(stored), "Device/" + deviceId);
        return outcome(stored, false);
    }

    @Search
    public IBundleProvider search(
            @Description(shortDefinition = "system|value, |value or value; urn:vigil:device-serial|<serial> finds"
                    + " a device by its serial number")
            @OptionalParam(name = Device.SP_IDENTIFIER) @Nullable TokenParam identifier,
            @Description(shortDefinition = "Patient/{id} or {id}: every device ever assigned to that patient")
            @OptionalParam(name = Device.SP_PATIENT) @Nullable ReferenceParam patient,
            @Offset @Nullable Integer offset,
            @Count @Nullable Integer count) {
        int first = OffsetPage.offset(offset);
        int limit = CountLimit.of(count);
        @Nullable String patientId = patient == null ? null : patientId(patient);
        if (patientId != null) {
            access.check(DataKind.DEVICE, Interaction.SEARCH, patientId);
        }
        PatientScope scope = access.scope(DataKind.DEVICE, Interaction.SEARCH);
        if (patientId == null && !scope.all()) {
            access.checkKind(DataKind.DEVICE, Interaction.SEARCH, NAME_A_PATIENT);
        }
        DevicePage page = vitals.get(InternalQuery.path(RECORDS)
                .param("identifier", identifier == null ? null : SearchTokens.identifier(identifier, "identifier"))
                .param("patientId", patientId)
                .param("limit", Math.max(limit, 1))
                .param("offset", first).uri(), DevicePage.class);
        List<Device> devices = new ArrayList<>();
        for (DeviceRecord record : limit == 0 ? List.<DeviceRecord>of() : page.devices()) {
            devices.add(DeviceMapper.toDevice(record, record.patientId() != null && scope.includes(record.patientId())));
        }
        if (patientId == null) {
            access.recordAccess(DataKind.DEVICE, Interaction.SEARCH,
                    page.devices().stream().map(DeviceRecord::patientId).filter(Objects::nonNull).toList());
        }
        return OffsetPage.of(devices, first, limit, page.total());
    }

    private static String patientId(ReferenceParam patient) {
        if (patient.getChain() != null && !patient.getChain().isEmpty()) {
            throw new InvalidRequestException("patient: chained searches are not supported");
        }
        String type = patient.getResourceType();
        if (type != null && !type.isEmpty() && !type.equals("Patient")) {
            throw new InvalidRequestException("patient must reference a Patient");
        }
        String id = patient.getIdPart();
        if (id == null || id.isBlank()) {
            throw new InvalidRequestException("patient needs a Patient id");
        }
        return id;
    }

    private java.util.Optional<DeviceRecord> find(String deviceId) {
        return vitals.find(InternalQuery.path(RECORDS + "/{id}").with("id", deviceId).uri(), DeviceRecord.class);
    }

    private static List<String> patients(DeviceRecord record) {
        return record.patientId() == null ? List.of() : List.of(record.patientId());
    }

    private static MethodOutcome outcome(DeviceRecord stored, boolean created) {
        Device device = DeviceMapper.toDevice(stored, true);
        MethodOutcome outcome = new MethodOutcome(device.getIdElement(), created);
        outcome.setResource(device);
        return outcome;
    }

    private static String idPart(IdType id) {
        if (!id.hasIdPart() || id.getIdPart().isBlank()) {
            throw new InvalidRequestException("a Device id is required");
        }
        return id.getIdPart();
    }
}
