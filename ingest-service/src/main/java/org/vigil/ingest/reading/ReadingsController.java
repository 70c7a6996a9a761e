package org.vigil.ingest.reading;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.ingest.device.DeviceDirectory;
import org.vigil.ingest.device.KnownDevice;

/** {@code POST /api/v1/readings}: a device's batch of readings, answered 202 once Kafka has the accepted ones. */
@RestController
class ReadingsController {

    private final DeviceDirectory devices;
    private final ReadingsRequestReader reader;
    private final ReadingIngestion ingestion;

    ReadingsController(DeviceDirectory devices, ReadingsRequestReader reader, ReadingIngestion ingestion) {
        this.devices = devices;
        this.reader = reader;
        this.ingestion = ingestion;
    }

    @PostMapping(path = "/api/v1/readings", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IngestResponse> post(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false)
            @Nullable String authorization, HttpServletRequest request) throws IOException {
        reader.checkDeclaredLength(request);
        KnownDevice device = devices.authenticate(authorization);
        return ResponseEntity.accepted().body(ingestion.ingest(device, reader.readings(request)));
    }
}
