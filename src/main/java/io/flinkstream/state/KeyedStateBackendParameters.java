package io.flinkstream.state;

import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeutils.TypeSerializer;

import java.util.Objects;

/**
 * What a {@link KeyedStateBackend} needs to know of the subtask it serves, as the runtime passes it to
 * {@link io.flinkstream.api.StateBackend#createKeyedStateBackend(KeyedStateBackendParameters)}.
 *
 * @param keyGroupRange the key groups the subtask owns
 * @param maxParallelism the operator's number of key groups
 * @param serializerConfig the job's serializer settings
 * @param keySerializer the serializer of the keys (a copy for this subtask), or null for the generic one
 * @param owner the operator, for messages: "operator 'Count'"
 * @param classLoader loads the job's classes named in restored state
 */
public record KeyedStateBackendParameters(KeyGroupRange keyGroupRange, int maxParallelism,
                                          SerializerConfig serializerConfig, TypeSerializer<?> keySerializer,
                                          String owner, ClassLoader classLoader) {
    /** @throws NullPointerException if the range, serializer config or class loader is null */
    public KeyedStateBackendParameters {
        Objects.requireNonNull(keyGroupRange, "keyGroupRange");
        Objects.requireNonNull(serializerConfig, "serializerConfig");
        Objects.requireNonNull(classLoader, "classLoader");
    }
}
