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

/**
 * {@code POST /api/v1/readings}: a device's batch of readings, answered 202 once Kafka has the accepted ones. The path
 * is open to Spring Security ({@code vigil.security.open-paths}): devices carry opaque tokens, not JWTs, and are
 * authenticated here. The order matters: the cheap refusals (size, token, rate) come before the body is read.
 */
@RestController
class ReadingsController {

    private final DeviceDirectory devices;
    private final ReadingsRequestReader reader;
    private final ReadingIngestion ingestion;
    private final DeviceRateLimiter rateLimiter;
    private final RefusalLimiter refusalLimiter;

    ReadingsController(DeviceDirectory devices, ReadingsRequestReader reader, ReadingIngestion ingestion,
            DeviceRateLimiter rateLimiter, RefusalLimiter refusalLimiter) {
        this.devices = devices;
        this.reader = reader;
        this.ingestion = ingestion;
        this.rateLimiter = rateLimiter;
        this.refusalLimiter = refusalLimiter;
    }

    @PostMapping(path = "/api/v1/readings", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IngestResponse> post(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false)
            @Nullable String authorization, HttpServletRequest request) throws IOException {
        reader.checkDeclaredLength(request);
        String address = RefusalLimiter.addressOf(request);
        // A token we do not know is looked up only while its address (and everyone) has refusals left.
        KnownDevice device = devices.authenticate(authorization, () -> refusalLimiter.checkBeforeLookup(address));
        rateLimiter.acquire(device.device().deviceId());
        return ResponseEntity.accepted().body(
                ingestion.ingest(device, reader.readings(request, device.device().deviceId())));
    }
}
