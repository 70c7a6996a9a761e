package org.vigil.fhir.observation;

import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriBuilder;
import org.vigil.common.vitals.VitalType;
import org.vigil.fhir.AlertApi;
import org.vigil.fhir.CountLimit;
import org.vigil.fhir.VitalsApi;

/**
 * Observation search pages over three sources, merged into one (time, id) order: readings (vitals-service, keyset
 * paged by it: {@code cursorTime}/{@code cursorId}, {@code order}, {@code limit}), Observation documents such as vital
 * signs panels (vitals-service, keyset paged the same way) and NEWS2 scores (alert-service, which answers only the
 * newest {@code limit} scores within an inclusive {@code from}/{@code to}).
 *
 * <p>Each source answers the entries strictly past the cursor plus a <em>boundary</em>: the last key up to which its
 * answer is complete (none when it has nothing more). A page is the merge cut at the earliest boundary and at
 * {@code _count}: so it is always a prefix of the true order past the cursor, and the next cursor (its last key) loses
 * and repeats nothing, even while readings, documents and scores arrive. Readings and documents: {@code _count + 1}
 * are asked for, so a page that ends a search has no next link. NEWS2 scores, newest first: scores at the oldest
 * instant of a full answer may be cut off (ties), so only the ones strictly newer are trusted, asking again for more
 * if that leaves none. Oldest first, alert-service has no order, so the scores between the cursor and the earlier
 * vitals-service boundary are walked back from the newest in answers of 1000.
 */
@Component
class ObservationSearch {

    static final Set<VitalType> ALL_TYPES = EnumSet.allOf(VitalType.class);
    static final int ALERT_MAX = 1000;
    private static final int MAX_WALK = 10_000;

    private final VitalsApi vitals;
    private final AlertApi alerts;

    ObservationSearch(VitalsApi vitals, AlertApi alerts) {
        this.vitals = vitals;
        this.alerts = alerts;
    }

    /**
     * What to find. {@code patientId} or {@code deviceId} (or both) is set; scores are searched only with a patient and
     * no device (a score has no device). {@code documentCodes}: the codes of the Observation documents to find (none:
     * no documents are asked for).
     */
    record Query(@Nullable String patientId, @Nullable String deviceId, Set<VitalType> types, boolean news2,
            Set<String> documentCodes, TimeBounds bounds, boolean descending, @Nullable Instant receivedSince) {

        Query {
            types = types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
            documentCodes = Set.copyOf(documentCodes);
        }

        Query(@Nullable String patientId, @Nullable String deviceId, Set<VitalType> types, boolean news2,
                Set<String> documentCodes, TimeBounds bounds, boolean descending) {
            this(patientId, deviceId, types, news2, documentCodes, bounds, descending, null);
        }

        /** Readings and scores only. */
        Query(@Nullable String patientId, @Nullable String deviceId, Set<VitalType> types, boolean news2,
                TimeBounds bounds, boolean descending) {
            this(patientId, deviceId, types, news2, Set.of(), bounds, descending, null);
        }

        /**
         * The time bounds of scores: with {@code receivedSince} (a reading's receipt), scores computed since then,
         * as a score is stored when it is computed.
         */
        TimeBounds scoreBounds() {
            return receivedSince == null ? bounds : bounds.and(new TimeBounds(receivedSince, null, null, null));
        }

        boolean scores() {
            return news2 && patientId != null && deviceId == null;
        }

        boolean documents() {
            return !documentCodes.isEmpty();
        }

        boolean nothing() {
            return (types.isEmpty() && !scores() && !documents()) || bounds.empty();
        }

        Comparator<PageCursor> order() {
            return descending ? PageCursor.ORDER.reversed() : PageCursor.ORDER;
        }
    }

    /** A reading, a NEWS2 score or an Observation document at its place in the order. */
    record Entry(PageCursor key, String patientId, @Nullable ReadingView reading, @Nullable News2Score score,
            @Nullable DocumentView document) {

        static Entry of(ReadingView reading) {
            return new Entry(reading.key(), reading.patientId(), reading, null, null);
        }

        static Entry of(News2Score score) {
            return new Entry(new PageCursor(score.computedAt(), score.id()), score.patientId(), null, score, null);
        }

        static Entry of(DocumentView document) {
            return new Entry(document.key(), document.patientId(), null, null, document);
        }

        /** The device that made it; a score has none. */
        @Nullable String deviceId() {
            return reading != null ? reading.deviceId() : document != null ? document.deviceId() : null;
        }
    }

    /** A page, and the cursor of the next one if there may be more. */
    record Page(List<Entry> entries, @Nullable PageCursor next) {
    }

    /** A source's answer: entries in order, complete up to {@code boundary} (null: nothing more after them). */
    private record Part(List<Entry> entries, @Nullable PageCursor boundary) {

        static final Part NONE = new Part(List.of(), null);
    }

    Page page(Query query, @Nullable PageCursor cursor, int count) {
        if (count <= 0 || query.nothing()) {
            return new Page(List.of(), null);
        }
        Comparator<PageCursor> order = query.order();
        Part readings = query.types().isEmpty() ? Part.NONE : readings(query, cursor, count);
        Part documents = query.documents() ? documents(query, cursor, count) : Part.NONE;
        // Everything past the earlier of the two vitals-service boundaries is cut from the page, so no scores past it
        // are asked for (the scores' own boundary then only needs to be right up to it).
        @Nullable PageCursor vitalsBoundary = Stream.of(readings.boundary(), documents.boundary())
                .filter(b -> b != null).min(order).orElse(null);
        Part scores = !query.scores() ? Part.NONE
                : query.descending() ? scoresNewestFirst(query, cursor, count, vitalsBoundary)
                : scoresOldestFirst(query, cursor, count, vitalsBoundary);
        @Nullable PageCursor cutoff = Stream.of(readings.boundary(), documents.boundary(), scores.boundary())
                .filter(b -> b != null).min(order).orElse(null);
        List<Entry> merged = Stream.of(readings, documents, scores).flatMap(p -> p.entries().stream())
                .filter(e -> cutoff == null || order.compare(e.key(), cutoff) <= 0)
                .sorted(Comparator.comparing(Entry::key, order))
                .toList();
        List<Entry> page = merged.size() > count ? merged.subList(0, count) : merged;
        boolean more = cutoff != null || merged.size() > count;
        @Nullable PageCursor next = more && !page.isEmpty() ? page.getLast().key() : null;
        // vitals-service filters by device itself; this only guards a patient-and-device search against an answer
        // that did not (the cursor above still moves past what was dropped).
        List<Entry> shown = query.deviceId() == null ? page : page.stream()
                .filter(e -> query.deviceId().equals(e.deviceId())).toList();
        return new Page(List.copyOf(shown), next);
    }

    /** How many Observations the query finds ({@code _summary=count}). */
    long total(Query query) {
        if (query.nothing()) {
            return 0;
        }
        long total = 0;
        if (!query.types().isEmpty()) {
            total += vitals.get(uri -> {
                readingsQuery(uri.path("/internal/v1/readings"), query);
                return uri.queryParam("count", true).build();
            }, ReadingCount.class).total();
        }
        if (query.documents()) {
            total += vitals.get(uri -> {
                documentsQuery(uri.path("/internal/v1/observation-documents"), query);
                return uri.queryParam("count", true).build();
            }, ReadingCount.class).total();
        }
        if (query.scores()) {
            Query newestFirst = new Query(query.patientId(), null, Set.of(), true, query.scoreBounds(), true);
            @Nullable PageCursor cursor = null;
            do {
                Part part = scoresNewestFirst(newestFirst, cursor, ALERT_MAX - 1, null);
                total += part.entries().size();
                cursor = part.boundary();
            } while (cursor != null);
        }
        return total;
    }

    /** vitals-service's {@code {"total": n}} for {@code count=true} (readings and documents alike). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReadingCount(long total) {
    }

    private Part readings(Query query, @Nullable PageCursor cursor, int count) {
        int limit = Math.min(count + 1, CountLimit.MAX);
        List<ReadingView> found = vitals.get(uri -> {
            readingsQuery(uri.path("/internal/v1/readings"), query);
            uri.queryParam("order", query.descending() ? "desc" : "asc");
            if (cursor != null) {
                uri.queryParam("cursorTime", cursor.time().toString()).queryParam("cursorId", cursor.id());
            }
            return uri.queryParam("limit", limit).build();
        }, ReadingViews.class).readings();
        return keysetPart(query, cursor, count, limit, found.stream().map(Entry::of).toList());
    }

    /**
     * Observation documents (vitals panels), keyset paged by vitals-service exactly as readings are, with the
     * query's document codes, patient, device, date bounds and receipt bound.
     */
    private Part documents(Query query, @Nullable PageCursor cursor, int count) {
        int limit = Math.min(count + 1, CountLimit.MAX);
        List<DocumentView> found = fetchDocuments(uri -> {
            documentsQuery(uri.path("/internal/v1/observation-documents"), query);
            uri.queryParam("order", query.descending() ? "desc" : "asc");
            if (cursor != null) {
                uri.queryParam("cursorTime", cursor.time().toString()).queryParam("cursorId", cursor.id());
            }
            return uri.queryParam("limit", limit).build();
        });
        return keysetPart(query, cursor, count, limit, found.stream().map(Entry::of).toList());
    }

    /**
     * The part of a keyset-paged source that asked for {@code limit} (up to {@code count + 1}) entries past the
     * cursor and got {@code found}: more than {@code count} means it is complete up to its {@code count}th entry; as
     * many as {@code limit} (the source's maximum) up to its last; fewer, complete.
     */
    private static Part keysetPart(Query query, @Nullable PageCursor cursor, int count, int limit,
            List<Entry> found) {
        // Defensive: vitals-service answers in order and within the query, but the merge relies on it.
        Comparator<PageCursor> order = query.order();
        List<Entry> entries = found.stream()
                .filter(e -> query.bounds().contains(e.key().time()))
                .filter(e -> cursor == null || order.compare(e.key(), cursor) > 0)
                .sorted(Comparator.comparing(Entry::key, order))
                .toList();
        if (found.size() > count) {
            PageCursor boundary = found.stream().map(Entry::key).sorted(order).toList().get(count - 1);
            return new Part(entries.stream().filter(e -> order.compare(e.key(), boundary) <= 0).toList(), boundary);
        }
        if (found.size() == limit) {
            // count + 1 was more than vitals-service answers at once: complete up to the last one only.
            PageCursor boundary = found.stream().map(Entry::key).max(order).orElseThrow();
            return new Part(entries, boundary);
        }
        return new Part(entries, null);
    }

    /** vitals-service's documents search; any failure (a 404 included) is a 503, never a silently shorter answer. */
    private List<DocumentView> fetchDocuments(Function<UriBuilder, URI> uri) {
        return vitals.get(uri, DocumentViews.class).documents();
    }

    private static void documentsQuery(UriBuilder uri, Query query) {
        if (query.patientId() != null) {
            uri.queryParam("patientId", query.patientId());
        }
        if (query.deviceId() != null) {
            uri.queryParam("deviceId", query.deviceId());
        }
        uri.queryParam("code", query.documentCodes().stream().sorted().collect(Collectors.joining(",")));
        timeQuery(uri, query);
    }

    private static void readingsQuery(UriBuilder uri, Query query) {
        if (query.patientId() != null) {
            uri.queryParam("patientId", query.patientId());
        }
        if (query.deviceId() != null) {
            uri.queryParam("deviceId", query.deviceId());
        }
        if (!query.types().equals(ALL_TYPES)) {
            uri.queryParam("type", query.types().stream().sorted().map(VitalType::code)
                    .collect(Collectors.joining(",")));
        }
        timeQuery(uri, query);
    }

    private static void timeQuery(UriBuilder uri, Query query) {
        TimeBounds bounds = query.bounds();
        if (bounds.from() != null) {
            uri.queryParam("from", bounds.from().toString());
        }
        if (bounds.after() != null) {
            uri.queryParam("after", bounds.after().toString());
        }
        if (bounds.to() != null) {
            uri.queryParam("to", bounds.to().toString());
        }
        if (bounds.before() != null) {
            uri.queryParam("before", bounds.before().toString());
        }
        if (query.receivedSince() != null) {
            uri.queryParam("receivedSince", query.receivedSince().toString());
        }
    }

    /**
     * Newest first. Everything past the vitals-service boundary (the earlier of the readings' and the documents') is
     * cut from the page anyway, so scores older than it are not asked for.
     */
    private Part scoresNewestFirst(Query query, @Nullable PageCursor cursor, int count,
            @Nullable PageCursor vitalsBoundary) {
        @Nullable Instant low = query.scoreBounds().lowest();
        if (vitalsBoundary != null && (low == null || vitalsBoundary.time().isAfter(low))) {
            low = vitalsBoundary.time();
        }
        @Nullable Instant high = query.scoreBounds().highest();
        if (cursor != null && (high == null || cursor.time().isBefore(high))) {
            high = cursor.time();
        }
        if (low != null && high != null && low.isAfter(high)) {
            return Part.NONE;
        }
        int limit = Math.min(count + 1, ALERT_MAX);
        while (true) {
            List<News2Score> raw = fetchScores(query.patientId(), low, high, limit);
            List<Entry> kept = within(query, cursor, raw);
            if (raw.size() < limit) {
                return new Part(kept, null);
            }
            Instant oldest = raw.stream().map(News2Score::computedAt).min(Comparator.naturalOrder()).orElseThrow();
            // Every score newer than the oldest instant of a full answer is in it; ties at that instant may not be.
            List<Entry> trusted = kept.stream().filter(e -> e.key().time().isAfter(oldest)).toList();
            if (!trusted.isEmpty()) {
                return new Part(trusted, trusted.getLast().key());
            }
            if (limit >= ALERT_MAX) {
                throw new InternalErrorException("more than " + ALERT_MAX + " NEWS2 scores share one instant;"
                        + " narrow the search by date");
            }
            limit = Math.min(limit * 8, ALERT_MAX);
        }
    }

    /**
     * Oldest first, from an API that answers newest first: walks back from the newest score below the vitals-service
     * boundary (or the date range's end) to the cursor, keeping the oldest {@code count + 1}.
     */
    private Part scoresOldestFirst(Query query, @Nullable PageCursor cursor, int count,
            @Nullable PageCursor vitalsBoundary) {
        @Nullable Instant low = query.scoreBounds().lowest();
        if (cursor != null && (low == null || cursor.time().isAfter(low))) {
            low = cursor.time();
        }
        @Nullable Instant high = query.scoreBounds().highest();
        if (vitalsBoundary != null && (high == null || vitalsBoundary.time().isBefore(high))) {
            high = vitalsBoundary.time();
        }
        if (low != null && high != null && low.isAfter(high)) {
            return Part.NONE;
        }
        TreeMap<PageCursor, Entry> oldest = new TreeMap<>(PageCursor.ORDER);
        boolean dropped = false;
        @Nullable Instant upper = high;
        for (int call = 0; ; call++) {
            if (call > MAX_WALK) {
                throw new InternalErrorException("too many NEWS2 scores to page oldest first; narrow the search by"
                        + " date");
            }
            List<News2Score> raw = fetchScores(query.patientId(), low, upper, ALERT_MAX);
            for (Entry entry : within(query, cursor, raw)) {
                oldest.put(entry.key(), entry);
            }
            while (oldest.size() > count + 1) {
                oldest.pollLastEntry();
                dropped = true;
            }
            if (raw.size() < ALERT_MAX) {
                break;
            }
            Instant tmin = raw.stream().map(News2Score::computedAt).min(Comparator.naturalOrder()).orElseThrow();
            if (tmin.equals(upper) && raw.stream().allMatch(s -> s.computedAt().equals(tmin))) {
                throw new InternalErrorException("more than " + ALERT_MAX + " NEWS2 scores share one instant;"
                        + " narrow the search by date");
            }
            upper = tmin;
        }
        List<Entry> entries = List.copyOf(oldest.values());
        return new Part(entries, dropped && !entries.isEmpty() ? entries.getLast().key() : null);
    }

    /** The scores within the date range and strictly past the cursor, in the query's order. */
    private static List<Entry> within(Query query, @Nullable PageCursor cursor, List<News2Score> scores) {
        Comparator<PageCursor> order = query.order();
        return scores.stream()
                .filter(s -> query.scoreBounds().contains(s.computedAt()))
                .map(Entry::of)
                .filter(e -> cursor == null || order.compare(e.key(), cursor) > 0)
                .sorted(Comparator.comparing(Entry::key, order))
                .toList();
    }

    /** Newest first; a patient alert-service has never scored may be a 404 there: no scores either way. */
    List<News2Score> fetchScores(@Nullable String patientId, @Nullable Instant from, @Nullable Instant to,
            int limit) {
        if (patientId == null) {
            return List.of();
        }
        return alerts.find(uri -> {
            uri.path("/internal/v1/patients/{id}/news2/scores");
            if (from != null) {
                uri.queryParam("from", from.toString());
            }
            if (to != null) {
                uri.queryParam("to", to.toString());
            }
            return uri.queryParam("limit", limit).build(patientId);
        }, News2Scores.class).map(News2Scores::scores).orElse(new ArrayList<>());
    }

    /**
     * {@code $lastn}: for each type, the patient's newest {@code max} readings (vitals-service), for each document
     * code the newest {@code max} Observation documents, and the newest {@code max} NEWS2 scores when asked for.
     */
    List<Entry> lastn(String patientId, Set<VitalType> types, boolean news2, Set<String> documentCodes, int max) {
        List<Entry> entries = new ArrayList<>();
        if (!types.isEmpty()) {
            vitals.get(uri -> {
                uri.path("/internal/v1/readings/lastn").queryParam("patientId", patientId);
                if (!types.equals(ALL_TYPES)) {
                    uri.queryParam("type", types.stream().sorted().map(VitalType::code)
                            .collect(Collectors.joining(",")));
                }
                return uri.queryParam("max", max).build();
            }, ReadingViews.class).readings().forEach(r -> entries.add(Entry.of(r)));
        }
        for (String code : documentCodes.stream().sorted().toList()) {
            fetchDocuments(uri -> uri.path("/internal/v1/observation-documents").queryParam("patientId", patientId)
                    .queryParam("code", code).queryParam("order", "desc").queryParam("limit", max).build())
                    .forEach(d -> entries.add(Entry.of(d)));
        }
        if (news2) {
            fetchScores(patientId, null, null, max).stream()
                    .sorted(Comparator.comparing(News2Score::computedAt).reversed())
                    .limit(max).forEach(s -> entries.add(Entry.of(s)));
        }
        return entries;
    }
}
