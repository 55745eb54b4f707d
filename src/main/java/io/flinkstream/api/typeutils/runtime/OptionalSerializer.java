package io.flinkstream.api.typeutils.runtime;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;
import java.util.Optional;

/**
 * Serializes {@link Optional}s: a presence byte (0 empty, 1 present), then the value in the element serializer's
 * format. Immutable when its element type is; otherwise copies copy the value.
 *
 * @param <T> the type of the value
 */
public final class OptionalSerializer<T> extends TypeSerializer<Optional<T>> {
    private static final long serialVersionUID = 1L;

    private final TypeSerializer<T> elementSerializer;

    /** @param elementSerializer the serializer of the value */
    public OptionalSerializer(TypeSerializer<T> elementSerializer) {
        if (elementSerializer == null) {
            throw new NullPointerException("OptionalSerializer needs an element serializer");
        }
        this.elementSerializer = elementSerializer;
    }

    /** The serializer of the value. */
    public TypeSerializer<T> getElementSerializer() {
        return elementSerializer;
    }

    @Override
    public boolean isImmutableType() {
        return elementSerializer.isImmutableType();
    }

    @Override
    public TypeSerializer<Optional<T>> duplicate() {
        TypeSerializer<T> duplicate = elementSerializer.duplicate();
        return duplicate == elementSerializer ? this : new OptionalSerializer<>(duplicate);
    }

    @Override
    public Optional<T> createInstance() {
        return Optional.empty();
    }

    @Override
    public Optional<T> copy(Optional<T> from) {
        if (from == null || from.isEmpty() || elementSerializer.isImmutableType()) {
            return from;
        }
        return Optional.of(elementSerializer.copy(from.get()));
    }

    @Override
    public void serialize(Optional<T> record, DataOutputView target) throws IOException {
        if (record.isPresent()) {
            target.writeByte(1);
            elementSerializer.serialize(record.get(), target);
        } else {
            target.writeByte(0);
        }
    }

    @Override
    public Optional<T> deserialize(DataInputView source) throws IOException {
        return Optional.ofNullable(ListSerializer.readElement(elementSerializer, source));
    }

    @Override
    public TypeSerializerSnapshot<Optional<T>> snapshotConfiguration() {
        return new OptionalSerializerSnapshot<>(this);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof OptionalSerializer<?> other && other.elementSerializer.equals(elementSerializer);
    }

    @Override
    public int hashCode() {
        return 31 * OptionalSerializer.class.hashCode() + elementSerializer.hashCode();
    }

    @Override
    public String toString() {
        return "OptionalSerializer(" + elementSerializer + ")";
    }

    /** The snapshot of {@link OptionalSerializer}: the element serializer's snapshot. */
    public static final class OptionalSerializerSnapshot<T> extends CompositeSerializerSnapshot<Optional<T>> {
        /** For reading. */
        public OptionalSerializerSnapshot() {
        }

        OptionalSerializerSnapshot(OptionalSerializer<T> serializer) {
            super(serializer.elementSerializer);
        }

        @Override
        public Class<?> typeClass() {
            return Optional.class;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected TypeSerializer<Optional<T>> createOuterSerializer(TypeSerializer<?>[] nested) {
            return new OptionalSerializer<>((TypeSerializer<T>) nested[0]);
        }

        @Override
        protected String nestedName(int index) {
            return "optional value";
        }
    }
}
