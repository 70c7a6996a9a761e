package org.vigil.common.events;

import tools.jackson.core.JacksonException;
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

    /** @throws EventDecodingException if the bytes are not JSON, or not a complete event of this type */
    public V decode(byte[] bytes) {
        try {
            V event = MAPPER.readValue(bytes, type);
            if (event == null) {
                throw new EventDecodingException("empty record, expected a " + type.getSimpleName(), null);
            }
            return event;
        } catch (JacksonException e) {
            throw new EventDecodingException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(),
                    null);
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new EventDecodingException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), null);
        }
    }
}
