package io.flinkstream.api.typeinfo;

import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.ImmutableTypes;
import io.flinkstream.api.typeutils.runtime.RecordSerializer;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * The type of a Java record (FlinkStream's own; Flink treats records as POJOs): its components in declaration order,
 * each with its own type, found recursively. Its serializer is a {@link RecordSerializer}, which builds records
 * through the canonical constructor, and whose snapshots let a record gain and lose components between versions of
 * a job. A record of immutable components is never copied.
 *
 * @param <T> the record class
 */
public final class RecordTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> typeClass;
    private final List<String> componentNames;
    private final List<TypeInformation<?>> componentTypes;

    /** The type of the record {@code typeClass}, one type per component in declaration order. */
    public RecordTypeInfo(Class<T> typeClass, List<TypeInformation<?>> componentTypes) {
        if (typeClass == null || !typeClass.isRecord()) {
            throw new IllegalArgumentException("RecordTypeInfo needs a record class, not " + typeClass);
        }
        RecordComponent[] components = typeClass.getRecordComponents();
        if (components.length != componentTypes.size()) {
            throw new IllegalArgumentException(typeClass.getName() + " has " + components.length + " components, "
                    + "but " + componentTypes.size() + " types were given");
        }
        this.typeClass = typeClass;
        this.componentNames = Arrays.stream(components).map(RecordComponent::getName).toList();
        this.componentTypes = List.copyOf(componentTypes);
    }

    @Override
    public Class<T> getTypeClass() {
        return typeClass;
    }

    @Override
    public int getArity() {
        return componentTypes.size();
    }

    @Override
    public int getTotalFields() {
        return componentTypes.stream().mapToInt(TypeInformation::getTotalFields).sum();
    }

    /** The names of the components in declaration order. */
    public List<String> getComponentNames() {
        return componentNames;
    }

    /** The type of the component at {@code pos} (declaration order). */
    public <X> TypeInformation<X> getTypeAt(int pos) {
        @SuppressWarnings("unchecked")
        TypeInformation<X> type = (TypeInformation<X>) componentTypes.get(pos);
        return type;
    }

    /** Whether records of this type never change: all components are of immutable final types. */
    public boolean isImmutable() {
        return ImmutableTypes.isImmutable(typeClass);
    }

    /** Records compare by value, so a record may be a key when all its components may be. */
    @Override
    public boolean isKeyType() {
        return componentTypes.stream().allMatch(TypeInformation::isKeyType);
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        TypeSerializer<?>[] serializers = new TypeSerializer<?>[componentTypes.size()];
        for (int i = 0; i < serializers.length; i++) {
            serializers[i] = componentTypes.get(i).createSerializer(config);
        }
        return new RecordSerializer<>(typeClass, serializers);
    }

    @Override
    public String toString() {
        StringBuilder components = new StringBuilder();
        for (int i = 0; i < componentNames.size(); i++) {
            components.append(i == 0 ? "" : ", ").append(componentNames.get(i)).append(": ")
                    .append(componentTypes.get(i));
        }
        return "RecordType<" + typeClass.getName() + "(" + components + ")>";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof RecordTypeInfo<?> other && other.typeClass == typeClass
                && other.componentTypes.equals(componentTypes);
    }

    @Override
    public int hashCode() {
        return 31 * typeClass.hashCode() + componentTypes.hashCode();
    }
}
