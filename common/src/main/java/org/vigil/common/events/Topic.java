package org.vigil.common.events;

import java.util.function.Function;

/**
 * A Kafka topic with the type of its values, their codec and how a value's key is derived.
 *
 * @param name the topic name; the version of the value's schema is part of it
 */
public record Topic<V>(String name, Class<V> valueType, EventCodec<V> codec, Function<V, String> keyOf) {

    Topic(String name, Class<V> valueType, Function<V, String> keyOf) {
        this(name, valueType, new EventCodec<>(valueType), keyOf);
    }

    /** Where consumers put records of this topic that they cannot read, with {@link Headers#DLT_REASON}. */
    public String deadLetterName() {
        return name + ".dlt";
    }
}
