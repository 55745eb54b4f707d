package io.flinkstream.api;

/**
 * Extracts the key of a record for {@link DataStream#keyBy(KeySelector)}. The key must be deterministic, non-null,
 * and have a stable {@code hashCode()} (the same in every JVM: enum and identity hash codes are not), because it
 * decides the key group, and the key group decides which subtask holds the key's state.
 *
 * @param <IN> record type
 * @param <KEY> key type
 */
@FunctionalInterface
public interface KeySelector<IN, KEY> extends Function {
    /** Returns the key of {@code value}; never null. */
    KEY getKey(IN value) throws Exception;
}
