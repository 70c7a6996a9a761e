package org.vigil.alert.ward;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vigil.alert.rule.Severity;
import org.vigil.alert.rule.ThresholdRule;
import org.vigil.common.vitals.VitalType;

/**
 * Builds ward rows for a set of patients from their summaries (vitals-service) and what alert-service holds, with a
 * fixed number of queries whatever the number of patients, and sorts them by acuity.
 */
@Component
class WardRows {

    /** NEWS2 risk bands (RCP 2017, Chart 2), most urgent first; no score or an incomplete one ranks below all. */
    private static final List<String> RISKS = List.of("high", "medium", "low-medium", "low");

    /**
     * Most acute first: NEWS2 risk band, then the highest active alert severity, then the stalest, then by name
     * (family, given, case-insensitive; unnamed last) and id. Compared on keys computed once per row, not per
     * comparison.
     */
    private static final Comparator<Keyed> ACUITY = Comparator
            .comparingInt(Keyed::risk)
            .thenComparing(Comparator.comparingInt(Keyed::severity).reversed())
            .thenComparing(k -> k.row().staleSeconds(), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Keyed::family, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Keyed::given, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(k -> k.row().patientId());

    private record Keyed(Ward.Row row, int risk, int severity, @Nullable String family, @Nullable String given) {

        Keyed(Ward.Row row) {
            this(row, riskRank(row.news2()), severityRank(row), lower(row.family()), lower(row.given()));
        }
    }

    /** Vital types in their declared order (the order of {@link VitalType}), unknown types last. */
    private static final Map<String, Integer> VITAL_ORDER = vitalOrder();

    /** These rows, most acute first. */
    static List<Ward.Row> byAcuity(Collection<Ward.Row> rows) {
        return rows.stream().map(Keyed::new).sorted(ACUITY).map(Keyed::row).toList();
    }

    /** What alert-service holds about some patients, read at once. */
    record State(Map<String, List<LatestValues.Latest>> values, Map<String, WardQueries.News2> news2,
            Map<String, Ward.Alerts> alerts, Map<String, WardQueries.Devices> devices, Rules rules) {
    }

    private final LatestValues latest;
    private final WardQueries queries;
    private final Concurrently concurrently;
    private final Duration silenceWarning;

    WardRows(LatestValues latest, WardQueries queries, Concurrently concurrently,
            @Value("${vigil.alert.silence.warning:PT15M}") Duration silenceWarning) {
        this.latest = latest;
        this.queries = queries;
        this.concurrently = concurrently;
        this.silenceWarning = silenceWarning;
    }

    /** One row per summary, unsorted. */
    List<Ward.Row> rows(Collection<VitalsPatients.Summary> summaries, Instant now) {
        return rows(summaries, state(summaries.stream().map(VitalsPatients.Summary::id).toList()), now);
    }

    /** The state of these patients: one query per table, the five at once. */
    State state(Collection<String> patientIds) {
        List<String> ids = patientIds.stream().distinct().toList();
        if (ids.isEmpty()) {
            return new State(Map.of(), Map.of(), Map.of(), Map.of(), new Rules(List.of()));
        }
        var values = concurrently.start(() -> latest.of(ids));
        var news2 = concurrently.start(() -> queries.news2(ids));
        var alerts = concurrently.start(() -> queries.activeAlerts(ids));
        var devices = concurrently.start(() -> queries.devices(ids));
        var rules = concurrently.start(() -> queries.thresholdRules(ids));
        Map<String, List<LatestValues.Latest>> byPatient = new HashMap<>();
        for (LatestValues.Latest value : Concurrently.join(values)) {
            byPatient.computeIfAbsent(value.patientId(), id -> new ArrayList<>()).add(value);
        }
        return new State(byPatient, Concurrently.join(news2), alerts(Concurrently.join(alerts)),
                Concurrently.join(devices), new Rules(Concurrently.join(rules)));
    }

    /** One row per summary, unsorted, from a state read for (at least) these patients. */
    List<Ward.Row> rows(Collection<VitalsPatients.Summary> summaries, State state, Instant now) {
        Map<String, List<LatestValues.Latest>> values = state.values();
        Map<String, WardQueries.News2> news2 = state.news2();
        Map<String, Ward.Alerts> alerts = state.alerts();
        Map<String, WardQueries.Devices> devices = state.devices();
        Rules rules = state.rules();

        List<Ward.Row> rows = new ArrayList<>(summaries.size());
        for (VitalsPatients.Summary summary : summaries) {
            String id = summary.id();
            List<LatestValues.Latest> own = values.getOrDefault(id, List.of());
            List<ThresholdRule> enabled = rules.of(id);
            List<Ward.Vital> vitals = own.stream()
                    .sorted(Comparator.comparingInt(v -> VITAL_ORDER.getOrDefault(v.type(), Integer.MAX_VALUE)))
                    .map(v -> vital(v, enabled))
                    .toList();
            WardQueries.Devices watched = devices.get(id);
            Instant lastReadingAt = own.stream().map(LatestValues.Latest::receivedAt).max(Comparator.naturalOrder())
                    .orElse(null);
            if (watched != null && watched.lastSeenAt() != null
                    && (lastReadingAt == null || watched.lastSeenAt().isAfter(lastReadingAt))) {
                lastReadingAt = watched.lastSeenAt();
            }
            Long staleSeconds = lastReadingAt == null ? null
                    : Math.max(0, Duration.between(lastReadingAt, now).toSeconds());
            // As SilenceChecker: silent once nothing arrived for the warning time (>=), or a device is marked silent.
            boolean stale = (watched != null && watched.silent())
                    || (lastReadingAt != null && Duration.between(lastReadingAt, now).compareTo(silenceWarning) >= 0);
            rows.add(new Ward.Row(id, summary.family(), summary.given(), summary.birthDate(),
                    summary.identifierList(),
                    summary.careTeamList().stream().map(t -> new Ward.CareTeam(t.id(), t.name())).toList(),
                    vitals, news2(news2.get(id)), alerts.getOrDefault(id, new Ward.Alerts(Ward.Counts.NONE,
                            Ward.Counts.NONE)),
                    lastReadingAt, stale, staleSeconds, watched == null ? 0 : watched.count()));
        }
        return rows;
    }

    private static Ward.Vital vital(LatestValues.Latest value, List<ThresholdRule> enabled) {
        Optional<Interpretation> interpretation = Interpretation.of(value.type(), value.value(), value.systolic(),
                enabled);
        return new Ward.Vital(value.type(), value.value(), value.systolic(), value.diastolic(), value.code(),
                value.unit(), value.observedAt(), interpretation.map(Interpretation::code).orElse(null),
                interpretation.map(Interpretation::text).orElse(null));
    }

    private static Ward.@Nullable News2 news2(WardQueries.@Nullable News2 score) {
        if (score == null) {
            return null;
        }
        String trend = null;
        if (score.total() != null && score.previousTotal() != null) {
            int difference = score.total().compareTo(score.previousTotal());
            trend = difference > 0 ? "up" : difference < 0 ? "down" : "same";
        }
        return new Ward.News2(score.total(), score.risk(), score.complete(), score.computedAt(), score.previousTotal(),
                trend);
    }

    private static Map<String, Ward.Alerts> alerts(List<WardQueries.ActiveAlerts> active) {
        Map<String, Map<String, Ward.Counts>> byPatient = new HashMap<>();
        for (WardQueries.ActiveAlerts a : active) {
            Map<String, Ward.Counts> categories = byPatient.computeIfAbsent(a.patientId(), p -> new HashMap<>());
            Ward.Counts was = categories.getOrDefault(a.category(), Ward.Counts.NONE);
            String highest = was.highestSeverity() == null
                    || Severity.fromCode(was.highestSeverity()).compareTo(a.severity()) < 0
                    ? a.severity().code() : was.highestSeverity();
            categories.put(a.category(), new Ward.Counts(was.open() + a.count(),
                    was.unacknowledged() + ("open".equals(a.status()) ? a.count() : 0), highest));
        }
        Map<String, Ward.Alerts> alerts = new HashMap<>();
        byPatient.forEach((patient, categories) -> alerts.put(patient, new Ward.Alerts(
                categories.getOrDefault("clinical", Ward.Counts.NONE),
                categories.getOrDefault("technical", Ward.Counts.NONE))));
        return alerts;
    }

    /** The defaults overlaid with each patient's overrides, by rule id. */
    static final class Rules {

        private final Map<String, WardQueries.PatientRule> defaults = new LinkedHashMap<>();
        private final Map<String, Map<String, WardQueries.PatientRule>> overrides = new HashMap<>();
        private final List<ThresholdRule> enabledDefaults;

        Rules(List<WardQueries.PatientRule> all) {
            for (WardQueries.PatientRule rule : all) {
                if (rule.patientId() == null) {
                    defaults.put(rule.rule().id(), rule);
                } else {
                    overrides.computeIfAbsent(rule.patientId(), p -> new HashMap<>()).put(rule.rule().id(), rule);
                }
            }
            enabledDefaults = defaults.values().stream().filter(WardQueries.PatientRule::enabled)
                    .map(WardQueries.PatientRule::rule).toList();
        }

        List<ThresholdRule> of(String patientId) {
            Map<String, WardQueries.PatientRule> own = overrides.get(patientId);
            if (own == null) {
                return enabledDefaults;
            }
            List<ThresholdRule> enabled = new ArrayList<>();
            for (WardQueries.PatientRule rule : defaults.values()) {
                WardQueries.PatientRule effective = own.getOrDefault(rule.rule().id(), rule);
                if (effective.enabled()) {
                    enabled.add(effective.rule());
                }
            }
            return enabled;
        }
    }

    private static Map<String, Integer> vitalOrder() {
        Map<String, Integer> order = new HashMap<>();
        for (VitalType type : VitalType.values()) {
            order.put(type.code(), type.ordinal());
        }
        return Map.copyOf(order);
    }

    private static int riskRank(Ward.@Nullable News2 news2) {
        int index = news2 == null || news2.risk() == null ? -1 : RISKS.indexOf(news2.risk());
        return index < 0 ? RISKS.size() : index;
    }

    private static int severityRank(Ward.Row row) {
        int rank = -1;
        for (Ward.Counts counts : List.of(row.alerts().clinical(), row.alerts().technical())) {
            if (counts.highestSeverity() != null) {
                rank = Math.max(rank, Severity.fromCode(counts.highestSeverity()).ordinal());
            }
        }
        return rank;
    }

    private static @Nullable String lower(@Nullable String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }
}
