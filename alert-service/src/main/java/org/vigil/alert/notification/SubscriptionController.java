package org.vigil.alert.notification;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.vigil.service.security.DataKind;
import org.vigil.service.security.Interaction;
import org.vigil.service.security.PatientAccess;
import org.vigil.common.events.AuditRecorded;
import org.vigil.service.security.PatientAccessDeniedException;
import org.vigil.service.security.Refusals;
import org.vigil.service.security.VigilPrincipal;

/**
 * Webhook subscribers: {@code /api/v1/alert-subscriptions}. Managing them concerns no one patient: admins and clients
 * with a {@code system/AlertSettings} scope only ({@link PatientAccess#checkKind}, kind ALERT_SETTINGS: READ for the
 * lists, CREATE, DELETE; reading also with {@code system/Flag.rs}, as before). A subscription remembers its owner (the
 * token's subject, roles and scopes) and receives only the alerts of the patients that owner may read, decided again
 * at every delivery and audited ({@link WebhookSender}); so an owner who may read no patient's alerts (an admin who is
 * not also a clinician) is refused one, 403. Its URL must be a public http(s) target ({@link WebhookTargets}).
 */
@RestController
@RequestMapping("/api/v1/alert-subscriptions")
class SubscriptionController {

    private static final Set<String> CATEGORIES = Set.of("clinical", "technical");
    private static final Set<String> STATUSES = Set.of("pending", "delivered", "failed", "withheld");
    private static final int MAX_NAME = 100;
    private static final int MAX_URL = 2000;
    private static final int MIN_SECRET = 16;
    private static final int MAX_SECRET = 500;
    private static final int MAX_LIMIT = 1000;

    private final SubscriptionStore store;
    private final WebhookTargets targets;
    private final PatientAccess access;
    private final Refusals refusals;
    private final Clock clock;

    SubscriptionController(SubscriptionStore store, WebhookTargets targets, PatientAccess access, Refusals refusals,
            Clock clock) {
        this.store = store;
        this.targets = targets;
        this.access = access;
        this.refusals = refusals;
        this.clock = clock;
    }

    /**
     * @param categories clinical and/or technical; both if absent
     * @param minSeverity low, low-medium, medium or high; low if absent
     */
    record NewSubscription(@Nullable String name, @Nullable String url, @Nullable String secret,
            @Nullable List<String> categories, @Nullable String minSeverity) {
    }

    static final String READS_NO_ALERTS = "An alert subscription receives only the alerts its owner may read, and you"
            + " may read no patient's alerts (an admin reads no clinical data): make it with a client that has"
            + " system/Flag.rs and system/AlertSettings.c, or as a clinician who is also an admin.";

    @PostMapping
    ResponseEntity<Subscription> create(@RequestBody NewSubscription body, HttpServletRequest request) {
        access.checkKind(DataKind.ALERT_SETTINGS, Interaction.CREATE);
        if (access.scope(DataKind.ALERT, Interaction.SEARCH).isEmpty()) {
            // Decided here, not by PatientAccess, so recorded here: every denial is in the audit trail.
            refusals.record(request, Refusals.Agent.current(), AuditRecorded.CREATE,
                    DataKind.ALERT_SETTINGS.resourceType(), List.of(), "reads-no-alerts");
            throw new PatientAccessDeniedException(READS_NO_ALERTS);
        }
        String name = required(body.name(), "name");
        if (name.length() > MAX_NAME || !name.matches("[A-Za-z0-9._-]+")) {
            throw badRequest("name must be 1 to " + MAX_NAME + " letters, digits, '.', '_' or '-'");
        }
        String url = required(body.url(), "url");
        if (url.length() > MAX_URL) {
            throw badRequest("url must be at most " + MAX_URL + " characters");
        }
        targets.refusal(url).ifPresent(why -> {
            throw badRequest(why);
        });
        String secret = required(body.secret(), "secret");
        if (secret.length() < MIN_SECRET || secret.length() > MAX_SECRET) {
            throw badRequest("secret must be " + MIN_SECRET + " to " + MAX_SECRET + " characters");
        }
        Set<String> categories = new LinkedHashSet<>();
        if (body.categories() == null || body.categories().isEmpty()) {
            categories.addAll(List.of("clinical", "technical"));
        } else {
            for (String category : body.categories()) {
                if (category == null || !CATEGORIES.contains(category)) {
                    throw badRequest("categories must be clinical and/or technical");
                }
                categories.add(category);
            }
        }
        String minSeverity = body.minSeverity() == null || body.minSeverity().isBlank() ? "low" : body.minSeverity();
        if (!SeverityRank.CODES.contains(minSeverity)) {
            throw badRequest("minSeverity must be one of " + String.join(", ", SeverityRank.CODES));
        }
        VigilPrincipal owner = VigilPrincipal.current().orElseThrow();
        Subscription created = store.create(name, url, secret, List.copyOf(categories), minSeverity, owner,
                        clock.instant())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT,
                        "A subscription named " + name + " exists already"));
        return ResponseEntity.created(URI.create("/api/v1/alert-subscriptions/" + created.id())).body(created);
    }

    @GetMapping
    List<Subscription> list() {
        access.checkKind(DataKind.ALERT_SETTINGS, Interaction.READ);
        return store.list();
    }

    @GetMapping("/{id}")
    Subscription get(@PathVariable String id) {
        access.checkKind(DataKind.ALERT_SETTINGS, Interaction.READ);
        return store.find(parse(id)).orElseThrow(() -> notFound(id));
    }

    /** Deletes it; its pending deliveries are dropped. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        access.checkKind(DataKind.ALERT_SETTINGS, Interaction.DELETE);
        if (!store.delete(parse(id))) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    /** Its deliveries, newest first. */
    @GetMapping("/{id}/deliveries")
    List<Delivery> deliveries(@PathVariable String id, @RequestParam(required = false) @Nullable String status,
            @RequestParam(defaultValue = "100") int limit) {
        access.checkKind(DataKind.ALERT_SETTINGS, Interaction.READ);
        UUID subscriptionId = parse(id);
        if (status != null && !status.isBlank() && !STATUSES.contains(status)) {
            throw badRequest("status must be one of pending, delivered, failed, withheld");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        store.find(subscriptionId).orElseThrow(() -> notFound(id));
        return store.deliveries(subscriptionId, status == null || status.isBlank() ? null : status, limit);
    }

    private static String required(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw badRequest(field + " is required");
        }
        return value;
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static ResponseStatusException notFound(String id) {
        String plain = id.replaceAll("[^A-Za-z0-9-]", "?");
        return new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No alert subscription with id " + (plain.length() > 64 ? plain.substring(0, 64) + "..." : plain));
    }
}
