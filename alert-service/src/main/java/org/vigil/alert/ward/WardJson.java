package org.vigil.alert.ward;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Writes a {@link Ward} field by field, the JSON Jackson would write from the records' annotations (same names, same
 * order, nulls as {@link Ward} says), without the reflection: for 500 patients the generic bean serializer spent a
 * third of the request's CPU on property lookups, method-handle accessors and per-value serializer dispatch
 * (docs/ward-benchmark.md, "Where the time goes"). The names are encoded once. {@code WardJsonTest} holds this writer
 * to Jackson's own output of the same records, so that the two cannot drift apart. Registered with the application's
 * {@code JsonMapper} by {@link Module} (Spring Boot adds every Jackson module bean).
 */
final class WardJson extends ValueSerializer<Ward> {

    /** The module that makes the application's mapper write a {@link Ward} with this writer. */
    @Component
    static final class Module extends SimpleModule {

        Module() {
            super("vigil-ward-json");
            addSerializer(Ward.class, new WardJson());
        }
    }

    private static final SerializableString GENERATED_AT = name("generatedAt");
    private static final SerializableString PATIENTS = name("patients");
    private static final SerializableString PATIENT_ID = name("patientId");
    private static final SerializableString FAMILY = name("family");
    private static final SerializableString GIVEN = name("given");
    private static final SerializableString BIRTH_DATE = name("birthDate");
    private static final SerializableString IDENTIFIERS = name("identifiers");
    private static final SerializableString CARE_TEAMS = name("careTeams");
    private static final SerializableString ID = name("id");
    private static final SerializableString NAME = name("name");
    private static final SerializableString VITALS = name("vitals");
    private static final SerializableString TYPE = name("type");
    private static final SerializableString VALUE = name("value");
    private static final SerializableString SYSTOLIC = name("systolic");
    private static final SerializableString DIASTOLIC = name("diastolic");
    private static final SerializableString CODE = name("code");
    private static final SerializableString UNIT = name("unit");
    private static final SerializableString OBSERVED_AT = name("observedAt");
    private static final SerializableString INTERPRETATION = name("interpretation");
    private static final SerializableString INTERPRETATION_TEXT = name("interpretationText");
    private static final SerializableString NEWS2 = name("news2");
    private static final SerializableString TOTAL = name("total");
    private static final SerializableString RISK = name("risk");
    private static final SerializableString COMPLETE = name("complete");
    private static final SerializableString COMPUTED_AT = name("computedAt");
    private static final SerializableString PREVIOUS_TOTAL = name("previousTotal");
    private static final SerializableString TREND = name("trend");
    private static final SerializableString ALERTS = name("alerts");
    private static final SerializableString CLINICAL = name("clinical");
    private static final SerializableString TECHNICAL = name("technical");
    private static final SerializableString OPEN = name("open");
    private static final SerializableString UNACKNOWLEDGED = name("unacknowledged");
    private static final SerializableString HIGHEST_SEVERITY = name("highestSeverity");
    private static final SerializableString LAST_READING_AT = name("lastReadingAt");
    private static final SerializableString STALE = name("stale");
    private static final SerializableString STALE_SECONDS = name("staleSeconds");
    private static final SerializableString DEVICES = name("devices");

    @Override
    public void serialize(Ward ward, JsonGenerator out, SerializationContext context) {
        out.writeStartObject();
        out.writeName(GENERATED_AT);
        instant(out, ward.generatedAt());
        out.writeName(PATIENTS);
        out.writeStartArray();
        for (Ward.Row row : ward.patients()) {
            row(out, row);
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private static void row(JsonGenerator out, Ward.Row row) {
        out.writeStartObject();
        out.writeName(PATIENT_ID);
        out.writeString(row.patientId());
        out.writeName(FAMILY);
        string(out, row.family());
        out.writeName(GIVEN);
        string(out, row.given());
        out.writeName(BIRTH_DATE);
        string(out, row.birthDate());
        out.writeName(IDENTIFIERS);
        strings(out, row.identifiers());
        out.writeName(CARE_TEAMS);
        out.writeStartArray();
        for (Ward.CareTeam team : row.careTeams()) {
            out.writeStartObject();
            out.writeName(ID);
            out.writeString(team.id());
            out.writeName(NAME);
            string(out, team.name());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeName(VITALS);
        out.writeStartArray();
        for (Ward.Vital vital : row.vitals()) {
            vital(out, vital);
        }
        out.writeEndArray();
        out.writeName(NEWS2);
        news2(out, row.news2());
        out.writeName(ALERTS);
        out.writeStartObject();
        out.writeName(CLINICAL);
        counts(out, row.alerts().clinical());
        out.writeName(TECHNICAL);
        counts(out, row.alerts().technical());
        out.writeEndObject();
        out.writeName(LAST_READING_AT);
        instant(out, row.lastReadingAt());
        out.writeName(STALE);
        out.writeBoolean(row.stale());
        out.writeName(STALE_SECONDS);
        if (row.staleSeconds() == null) {
            out.writeNull();
        } else {
            out.writeNumber(row.staleSeconds());
        }
        out.writeName(DEVICES);
        out.writeNumber(row.devices());
        out.writeEndObject();
    }

    /** Empty fields left out ({@link Ward.Vital} is NON_NULL). */
    private static void vital(JsonGenerator out, Ward.Vital vital) {
        out.writeStartObject();
        out.writeName(TYPE);
        out.writeString(vital.type());
        number(out, VALUE, vital.value());
        number(out, SYSTOLIC, vital.systolic());
        number(out, DIASTOLIC, vital.diastolic());
        present(out, CODE, vital.code());
        present(out, UNIT, vital.unit());
        out.writeName(OBSERVED_AT);
        instant(out, vital.observedAt());
        present(out, INTERPRETATION, vital.interpretation());
        present(out, INTERPRETATION_TEXT, vital.interpretationText());
        out.writeEndObject();
    }

    private static void news2(JsonGenerator out, Ward.@Nullable News2 news2) {
        if (news2 == null) {
            out.writeNull();
            return;
        }
        out.writeStartObject();
        out.writeName(TOTAL);
        integer(out, news2.total());
        out.writeName(RISK);
        string(out, news2.risk());
        out.writeName(COMPLETE);
        out.writeBoolean(news2.complete());
        out.writeName(COMPUTED_AT);
        instant(out, news2.computedAt());
        out.writeName(PREVIOUS_TOTAL);
        integer(out, news2.previousTotal());
        out.writeName(TREND);
        string(out, news2.trend());
        out.writeEndObject();
    }

    private static void counts(JsonGenerator out, Ward.Counts counts) {
        out.writeStartObject();
        out.writeName(OPEN);
        out.writeNumber(counts.open());
        out.writeName(UNACKNOWLEDGED);
        out.writeNumber(counts.unacknowledged());
        out.writeName(HIGHEST_SEVERITY);
        string(out, counts.highestSeverity());
        out.writeEndObject();
    }

    private static void strings(JsonGenerator out, List<String> values) {
        out.writeStartArray();
        for (String value : values) {
            out.writeString(value);
        }
        out.writeEndArray();
    }

    private static void string(JsonGenerator out, @Nullable String value) {
        if (value == null) {
            out.writeNull();
        } else {
            out.writeString(value);
        }
    }

    private static void integer(JsonGenerator out, @Nullable Integer value) {
        if (value == null) {
            out.writeNull();
        } else {
            out.writeNumber(value.intValue());
        }
    }

    /** ISO-8601 in UTC, as Jackson writes an {@link Instant} with dates as text (Spring Boot's default). */
    private static void instant(JsonGenerator out, @Nullable Instant value) {
        if (value == null) {
            out.writeNull();
        } else {
            out.writeString(value.toString());
        }
    }

    private static void number(JsonGenerator out, SerializableString name, @Nullable Double value) {
        if (value != null) {
            out.writeName(name);
            out.writeNumber(value.doubleValue());
        }
    }

    private static void present(JsonGenerator out, SerializableString name, @Nullable String value) {
        if (value != null) {
            out.writeName(name);
            out.writeString(value);
        }
    }

    private static SerializableString name(String name) {
        return new SerializedString(name);
    }
}
