package io.flinkstream.api.state;

import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeutils.TypeSerializer;

/**
 * Describes a {@link ValueState}.
 *
 * <pre>{@code
 * new ValueStateDescriptor<>("count", Long.class)
 * new ValueStateDescriptor<>("average", TypeInformation.of(new TypeHint<Tuple2<Long, Long>>() {}))
 * }</pre>
 *
 * @param <T> the value type
 */
public final class ValueStateDescriptor<T> extends StateDescriptor<ValueState<T>, T> {
    private static final long serialVersionUID = 1L;

    private final T defaultValue;

    /**
     * @param name the state's name, unique within the operator
     * @param typeClass the class of the values
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the name is empty or the class primitive
     */
    public ValueStateDescriptor(String name, Class<T> typeClass) {
        super(name, Type.VALUE, typeClass, "value class");
        this.defaultValue = null;
    }

    /**
     * @param name the state's name, unique within the operator
     * @param typeInfo the type of the values
     */
    public ValueStateDescriptor(String name, TypeInformation<T> typeInfo) {
        super(name, Type.VALUE, typeInfo, "value type");
        this.defaultValue = null;
    }

    /**
     * @param name the state's name, unique within the operator
     * @param serializer the serializer of the values
     */
    public ValueStateDescriptor(String name, TypeSerializer<T> serializer) {
        super(name, Type.VALUE, serializer, "value type");
        this.defaultValue = null;
    }

    /**
     * A value state that reads as (a copy of) {@code defaultValue} for keys that have none, as Flink's deprecated
     * constructor of the same shape.
     */
    public ValueStateDescriptor(String name, Class<T> typeClass, T defaultValue) {
        super(name, Type.VALUE, typeClass, "value class");
        this.defaultValue = defaultValue;
    }

    /**
     * A value state that reads as (a copy of) {@code defaultValue} for keys that have none, as Flink's deprecated
     * constructor of the same shape.
     */
    public ValueStateDescriptor(String name, TypeInformation<T> typeInfo, T defaultValue) {
        super(name, Type.VALUE, typeInfo, "value type");
        this.defaultValue = defaultValue;
    }

    /** What {@link ValueState#value()} returns for a key without a value (a copy of it); null by default. */
    public T getDefaultValue() {
        return defaultValue;
    }
}
