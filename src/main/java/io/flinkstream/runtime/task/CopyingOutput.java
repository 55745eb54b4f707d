package io.flinkstream.runtime.task;

import io.flinkstream.api.Collector;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.UnserializableTypeException;

/**
 * Hands each record on as a copy made with its type's serializer, as Flink does between operators unless object
 * reuse is on: a function that emits the same mutable object again and again, or changes a record after emitting it,
 * cannot change what the next operator received. Records of immutable types are never wrapped.
 */
final class CopyingOutput implements Collector<Object> {
    private final Collector<Object> target;
    private final TypeSerializer<Object> serializer;
    private final String producer;
    /** The first record was written once with the serializer, to find a declared type that does not match. */
    private boolean firstChecked;

    private CopyingOutput(Collector<Object> target, TypeSerializer<Object> serializer, String producer) {
        this.target = target;
        this.serializer = serializer;
        this.producer = producer;
    }

    /**
     * {@code target}, copying each record first when the type is mutable and object reuse is off.
     *
     * @param serializer the records' serializer, owned by this subtask; null when unknown (nothing is copied)
     * @param producer the operator emitting the records, for the error when one cannot be copied
     */
    static Collector<Object> of(Collector<Object> target, TypeSerializer<Object> serializer, boolean objectReuse,
                                String producer) {
        if (objectReuse || serializer == null || serializer.isImmutableType()) {
            return target;
        }
        return new CopyingOutput(target, serializer, producer);
    }

    @Override
    public void collect(Object record) {
        if (!firstChecked) {
            checkFirst(record);
        }
        Object copy;
        try {
            copy = serializer.copy(record);
        } catch (UnserializableTypeException e) {
            throw new UserCodeException(producer, e.in("the records of operator '" + producer + "'"));
        }
        target.collect(copy);
    }

    /**
     * Writes the first record with the serializer, once: a copy of a tuple of immutable fields is made field by field
     * without looking at the fields' classes, so a stream declared {@code Tuple2<Long, Long>} (by {@code returns(...)})
     * whose records hold Strings would otherwise run inside one JVM and fail only once its records cross one. Flink
     * fails at once; so does this. Failures other than a class mismatch are left to where the record is used.
     */
    private void checkFirst(Object record) {
        firstChecked = true;
        if (record == null) {
            return;
        }
        try {
            serializer.serialize(record, new io.flinkstream.api.typeutils.DataOutputSerializer(64));
        } catch (ClassCastException e) {
            throw new UserCodeException(producer, UnserializableTypeException.mismatch(record.getClass(), serializer, e)
                    .in("the records of operator '" + producer + "'"));
        } catch (java.io.IOException | RuntimeException e) {
            // Not a type mismatch: copying (or the wire) reports it where it matters.
        }
    }
}
