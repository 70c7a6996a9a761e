package org.vigil.common.events;

import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * JSON form of an event: ISO-8601 instants, null fields left out, unknown fields ignored (a tolerant reader, so that a
 * v1 producer may add optional fields before its consumers know them). Thread-safe.
 */
public final class EventCodec<V> {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final Class<V> type;

    EventCodec(Class<V> type) {
        this.type = type;
    }

    public byte[] encode(V event) {
        return MAPPER.writeValueAsBytes(event);
    }

    /**
     * @throws EventDecodingException if the bytes are not JSON, or not a complete event of this type; its message names
     *     the problem by position and field name only, never by quoting the record, so that it may be logged
     */
    public V decode(byte[] bytes) {
        try {
            V event = MAPPER.readValue(bytes, type);
            if (event == null) {
                throw new EventDecodingException("empty record, expected a " + type.getSimpleName(), null);
            }
            return event;
        } catch (StreamReadException e) {
            throw new EventDecodingException(prefix() + "not well-formed JSON" + where(e), null);
        } catch (JacksonException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NullPointerException || cause instanceof IllegalArgumentException) {
                // thrown by the event's own constructor, whose messages are field names
                throw new EventDecodingException(prefix() + "missing or invalid " + cause.getMessage(), null);
            }
            throw new EventDecodingException(prefix() + "a field has the wrong type or shape" + field(e), null);
        }
    }

    private String prefix() {
        return "not a valid " + type.getSimpleName() + ": ";
    }

    private static String where(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String field(JacksonException e) {
        String path = e.getPath().stream()
                .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "" : " (" + path + ")";
    }
}
