package org.vigil.alert.ward;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The JSON of {@code GET /api/v1/ward}: every field always present, null when unknown. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record Ward(Instant generatedAt, List<Row> patients) {

    /**
     * One patient's row.
     *
     * @param birthDate an ISO date as vitals-service holds it
     * @param identifiers {@code system|value}
     * @param lastReadingAt when a reading of the patient last arrived
     * @param stale nothing arrived for the silence warning time, or one of the patient's devices is silent
     * @param staleSeconds seconds since {@code lastReadingAt}, null without one
     * @param devices devices assigned to the patient
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Row(String patientId, @Nullable String family, @Nullable String given, @Nullable String birthDate,
            List<String> identifiers, List<CareTeam> careTeams, List<Vital> vitals, @Nullable News2 news2,
            Alerts alerts, @Nullable Instant lastReadingAt, boolean stale, @Nullable Long staleSeconds, int devices) {
    }

    record CareTeam(String id, @Nullable String name) {
    }

    /**
     * The latest value of one type: {@code value} for quantities (and the flow in L/min of supplemental oxygen),
     * {@code systolic}/{@code diastolic} for blood pressure, {@code code} for what is not a number (the ACVPU letter of
     * consciousness; {@code air} or {@code oxygen}). {@code interpretation} is absent when no threshold rule looks at
     * the type. Fields without a value are left out (unlike the rest of the row): a ward of 500 patients has 3,500 of
     * these, and the nulls were a sixth of its bytes (docs/ward-benchmark.md).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Vital(String type, @Nullable Double value, @Nullable Double systolic, @Nullable Double diastolic,
            @Nullable String code, @Nullable String unit, Instant observedAt, @Nullable String interpretation,
            @Nullable String interpretationText) {
    }

    /** The latest score; {@code previousTotal} the previous complete score's; {@code trend} up, down, same or null. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record News2(@Nullable Integer total, @Nullable String risk, boolean complete, Instant computedAt,
            @Nullable Integer previousTotal, @Nullable String trend) {
    }

    record Alerts(Counts clinical, Counts technical) {
    }

    /** Active alerts: {@code open} counts open and acknowledged ones, {@code unacknowledged} the open ones. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Counts(int open, int unacknowledged, @Nullable String highestSeverity) {

        static final Counts NONE = new Counts(0, 0, null);
    }
}
