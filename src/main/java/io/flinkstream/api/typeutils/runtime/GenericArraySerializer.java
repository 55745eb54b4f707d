package io.flinkstream.api.typeutils.runtime;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.Objects;

/**
 * Serializes arrays of objects ({@code String[]}, {@code Long[]}, {@code Tuple2<String, Long>[]}, …), null included:
 * the length plus one as a variable-length integer (0 for a null array), then each element as a marker byte (0 for
 * null, 1 for a value) followed by the value in the component serializer's format. Arrays are mutable: copies are new
 * arrays, their elements copied by the component serializer unless it is of an immutable type. Flink's name.
 *
 * @param <C> the component type
 */
public final class GenericArraySerializer<C> extends TypeSerializer<C[]> {
    private static final long serialVersionUID = 1L;

    private final Class<C> componentClass;
    private final TypeSerializer<C> componentSerializer;

    /**
     * @param componentClass the class of the array's components ({@code String.class} for {@code String[]})
     * @param componentSerializer their serializer
     */
    public GenericArraySerializer(Class<C> componentClass, TypeSerializer<C> componentSerializer) {
        this.componentClass = Objects.requireNonNull(componentClass, "componentClass");
        this.componentSerializer = Objects.requireNonNull(componentSerializer, "componentSerializer");
        if (componentClass.isPrimitive()) {
            throw new IllegalArgumentException("Arrays of " + componentClass + " have a PrimitiveArraySerializer");
        }
    }

    /** The class of the components. */
    public Class<C> getComponentClass() {
        return componentClass;
    }

    /** The serializer of the components. */
    public TypeSerializer<C> getComponentSerializer() {
        return componentSerializer;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<C[]> duplicate() {
        TypeSerializer<C> duplicate = componentSerializer.duplicate();
        return duplicate == componentSerializer ? this : new GenericArraySerializer<>(componentClass, duplicate);
    }

    @Override
    public C[] createInstance() {
        return newArray(0);
    }

    @SuppressWarnings("unchecked")
    private C[] newArray(int length) {
        return (C[]) Array.newInstance(componentClass, length);
    }

    @Override
    public C[] copy(C[] from) {
        if (from == null) {
            return null;
        }
        C[] copy = newArray(from.length);
        if (componentSerializer.isImmutableType()) {
            System.arraycopy(from, 0, copy, 0, from.length);
            return copy;
        }
        for (int i = 0; i < from.length; i++) {
            copy[i] = from[i] == null ? null : componentSerializer.copy(from[i]);
        }
        return copy;
    }

    @Override
    public void serialize(C[] record, DataOutputView target) throws IOException {
        if (record == null) {
            target.writeVarInt(0);
            return;
        }
        target.writeVarInt(record.length + 1);
        for (C element : record) {
            if (element == null) {
                target.writeByte(0);
            } else {
                target.writeByte(1);
                componentSerializer.serialize(element, target);
            }
        }
    }

    @Override
    public C[] deserialize(DataInputView source) throws IOException {
        int lengthPlusOne = source.readVarInt();
        if (lengthPlusOne == 0) {
            return null;
        }
        if (lengthPlusOne < 0) {
            throw new IOException("Corrupt data: an array of " + (lengthPlusOne & 0xFFFFFFFFL) + " elements");
        }
        int length = lengthPlusOne - 1;
        // Each element takes at least its marker byte: a corrupt length fails here, not on memory.
        if (source instanceof io.flinkstream.api.typeutils.DataInputDeserializer in && in.available() < length) {
            throw new java.io.EOFException("Corrupt or truncated data: an array of " + length + " elements but "
                    + in.available() + " bytes left");
        }
        C[] array = newArray(length);
        for (int i = 0; i < length; i++) {
            array[i] = ListSerializer.readElement(componentSerializer, source);
        }
        return array;
    }

    @Override
    public TypeSerializerSnapshot<C[]> snapshotConfiguration() {
        return new GenericArraySerializerSnapshot<>(this);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof GenericArraySerializer<?> other && other.componentClass == componentClass
                && other.componentSerializer.equals(componentSerializer);
    }

    @Override
    public int hashCode() {
        return 31 * componentClass.hashCode() + componentSerializer.hashCode();
    }

    @Override
    public String toString() {
        return "GenericArraySerializer(" + componentClass.getSimpleName() + ", " + componentSerializer + ")";
    }

    /** The snapshot of {@link GenericArraySerializer}: the component class and the component serializer's snapshot. */
    public static final class GenericArraySerializerSnapshot<C> extends CompositeSerializerSnapshot<C[]> {
        private Class<C> componentClass;

        /** For reading. */
        public GenericArraySerializerSnapshot() {
        }

        GenericArraySerializerSnapshot(GenericArraySerializer<C> serializer) {
            super(serializer.componentSerializer);
            this.componentClass = serializer.componentClass;
        }

        @Override
        public Class<?> typeClass() {
            return Array.newInstance(componentClass, 0).getClass();
        }

        @Override
        protected void writeOuterSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(componentClass.getName());
        }

        @Override
        @SuppressWarnings("unchecked")
        protected void readOuterSnapshot(DataInputView in, ClassLoader classLoader) throws IOException {
            componentClass = (Class<C>) SerializerSnapshots.loadClass(in.readUTF(), classLoader);
        }

        @Override
        protected String outerIncompatibility(CompositeSerializerSnapshot<C[]> old) {
            Class<?> before = ((GenericArraySerializerSnapshot<?>) old).componentClass;
            return before == componentClass ? null : "the array's component class changed from " + before.getName()
                    + " to " + componentClass.getName();
        }

        @Override
        @SuppressWarnings("unchecked")
        protected TypeSerializer<C[]> createOuterSerializer(TypeSerializer<?>[] nested) {
            return new GenericArraySerializer<>(componentClass, (TypeSerializer<C>) nested[0]);
        }

        @Override
        protected String nestedName(int index) {
            return "array element";
        }
    }
}
