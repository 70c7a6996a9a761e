package org.vigil.ingest.device;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.vigil.ingest.IngestProperties;

/**
 * Finds the device behind a bearer token. Known, active devices are cached by token hash for a short TTL so that the
 * hot path does not call vitals-service on every request. A token vitals-service does not know (or whose device is
 * inactive) is remembered as refused for {@code vigil.ingest.refusals.unknown-token-ttl}, in a bounded cache, so that
 * sending the same bad token again does not cost a look-up each time. That cannot delay a new device: tokens are
 * random and minted by vitals-service, so a token is never looked up before it exists.
 *
 * <p>A DeviceChanged event evicts a device by id. Rather than scanning the cache for the device's entries, eviction
 * records when the device changed, and an entry fetched before that moment no longer counts. Fetches record the time
 * they started, so a fetch that raced the change (started before, finished after) is not trusted either.
 */
@Component
public class DeviceDirectory {

    /** RFC 6750 b64token, with a length cap so that nothing huge gets hashed. */
    private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]{1,1024}=*");
    private static final String BEARER = "Bearer ";

    private final VitalsDevices vitals;
    private final Clock clock;
    private final Duration refetchAfter;
    private final Cache<String, KnownDevice> byTokenHash;
    private final Cache<String, Instant> changedAt;
    private final Cache<String, InvalidDeviceTokenException> refused;

    DeviceDirectory(VitalsDevices vitals, IngestProperties properties, Clock clock) {
        this.vitals = vitals;
        this.clock = clock;
        this.refetchAfter = properties.deviceRefetchAfter();
        this.byTokenHash = Caffeine.newBuilder()
                .expireAfterWrite(properties.deviceCacheTtl())
                .maximumSize(1_000_000)
                .build();
        this.refused = Caffeine.newBuilder()
                .expireAfterWrite(properties.refusals().unknownTokenTtl())
                .maximumSize(properties.refusals().unknownTokenCacheSize())
                .build();
        // Outlives every entry fetched before the change, which is all it needs to do.
        this.changedAt = Caffeine.newBuilder()
                .expireAfterWrite(properties.deviceCacheTtl().plusSeconds(1))
                .build();
    }

    /**
     * The active device holding the token in an {@code Authorization: Bearer} header.
     *
     * @throws InvalidDeviceTokenException no header, not a bearer token, unknown or revoked token
     * @throws org.vigil.ingest.DependencyUnavailableException vitals-service could not be asked
     */
    public KnownDevice authenticate(@Nullable String authorization) {
        return authenticate(authorization, () -> { });
    }

    /**
     * As {@link #authenticate(String)}, running {@code beforeLookup} before vitals-service is asked about a token we
     * do not know either way (it may refuse the request instead, e.g. with a rate limit).
     */
    public KnownDevice authenticate(@Nullable String authorization, Runnable beforeLookup) {
        if (authorization == null || authorization.isBlank()) {
            throw new InvalidDeviceTokenException("a device token is required: Authorization: Bearer <token>", false,
                    "no-token", null);
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new InvalidDeviceTokenException("the Authorization header must use the Bearer scheme", true,
                    "not-bearer", null);
        }
        String token = authorization.substring(BEARER.length()).strip();
        if (!BEARER_TOKEN.matcher(token).matches()) {
            throw new InvalidDeviceTokenException("the bearer token is malformed", true, "malformed-token", null);
        }
        String hash = sha256Hex(token);
        KnownDevice cached = byTokenHash.getIfPresent(hash);
        if (cached != null && isCurrent(cached)) {
            return cached;
        }
        InvalidDeviceTokenException known = refused.getIfPresent(hash);
        if (known != null) {
            throw new InvalidDeviceTokenException(known.getMessage(), true, known.reason(), known.deviceId());
        }
        beforeLookup.run();
        Instant started = clock.instant();
        Optional<Device> device = vitals.findByTokenHash(hash);
        if (device.isPresent() && !device.get().active()) {
            byTokenHash.invalidate(hash);
            throw remembered(hash, new InvalidDeviceTokenException("the device token is unknown or has been revoked",
                    true, "inactive-device", device.get().deviceId()));
        }
        Optional<KnownDevice> found = remember(hash, device, started);
        if (found.isEmpty()) {
            throw remembered(hash, new InvalidDeviceTokenException("the device token is unknown or has been revoked",
                    true, "unknown-token", null));
        }
        return found.get();
    }

    private InvalidDeviceTokenException remembered(String hash, InvalidDeviceTokenException refusal) {
        refused.put(hash, refusal);
        return refusal;
    }

    /**
     * The device fetched again if what we know is older than the refetch threshold, for a reading that would otherwise
     * be refused because no patient was assigned at its time: the assignment may be newer than our copy.
     *
     * @return the fresh device, or empty if ours is recent enough or the device is no longer active
     */
    public Optional<KnownDevice> refreshIfStale(KnownDevice known) {
        if (Duration.between(known.fetchedAt(), clock.instant()).compareTo(refetchAfter) <= 0) {
            return Optional.empty();
        }
        return fetch(known.tokenHash());
    }

    /** Forgets what is cached about a device, because vitals-service said it changed. */
    public void evict(String deviceId) {
        changedAt.put(deviceId, clock.instant());
        // An inactive device may have been made active again; unknown tokens name no device and stay refused.
        refused.asMap().values().removeIf(refusal -> deviceId.equals(refusal.deviceId()));
    }

    /**
     * Forgets a token vitals-service has just refused for its device (revoked or replaced since we cached it), and
     * whatever else is cached about the device, so that its next request is looked up afresh.
     */
    public void forgetRevoked(KnownDevice known) {
        byTokenHash.invalidate(known.tokenHash());
        evict(known.device().deviceId());
    }

    /** Forgets everything, when a change event cannot be read and so could have been about anyone. */
    public void evictAll() {
        byTokenHash.invalidateAll();
        refused.invalidateAll();
    }

    private boolean isCurrent(KnownDevice cached) {
        Instant changed = changedAt.getIfPresent(cached.device().deviceId());
        return changed == null || cached.fetchedAt().isAfter(changed);
    }

    private Optional<KnownDevice> fetch(String hash) {
        Instant started = clock.instant();
        return remember(hash, vitals.findByTokenHash(hash), started);
    }

    private Optional<KnownDevice> remember(String hash, Optional<Device> found, Instant started) {
        Optional<Device> device = found.filter(Device::active);
        if (device.isEmpty()) {
            byTokenHash.invalidate(hash);
            return Optional.empty();
        }
        KnownDevice known = new KnownDevice(device.get(), hash, started);
        byTokenHash.put(hash, known);
        return Optional.of(known);
    }

    static String sha256Hex(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
