package io.flinkstream.api.state;

import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.SerializerSnapshots;

import java.io.Serializable;

/**
 * Names and types one keyed state of an operator. The name identifies the state within the operator (and, once
 * snapshots exist, in snapshots); asking twice for the same name returns the same state, asking for the same name
 * with another kind of state or another class is an error.
 *
 * <p>The type of the state's values is given as a {@code Class} (its type found by Flink's rules, see
 * {@link TypeInformation#of(Class)}), a {@link TypeInformation} (for generic types:
 * {@code TypeInformation.of(new TypeHint<Tuple2<Long, Long>>() {})}) or a {@link TypeSerializer}. The serializer
 * copies mutable values for snapshots and writes them into checkpoints.
 *
 * <p>Descriptors are serializable: they are created in user functions and may travel with them.
 *
 * @param <S> the kind of state described
 * @param <T> the type the descriptor is about: the value type, the element type of a list, the user value type of a
 *     map, or the accumulator type of aggregating state
 */
public abstract sealed class StateDescriptor<S extends State, T> implements Serializable
        permits ValueStateDescriptor, ListStateDescriptor, MapStateDescriptor, ReducingStateDescriptor,
        AggregatingStateDescriptor {
    private static final long serialVersionUID = 1L;

    /** The kinds of keyed state. */
    public enum Type {
        /** {@link ValueState}. */
        VALUE("ValueState"),
        /** {@link ListState}. */
        LIST("ListState"),
        /** {@link MapState}. */
        MAP("MapState"),
        /** {@link ReducingState}. */
        REDUCING("ReducingState"),
        /** {@link AggregatingState}. */
        AGGREGATING("AggregatingState");

        private final String stateInterfaceName;

        Type(String stateInterfaceName) {
            this.stateInterfaceName = stateInterfaceName;
        }

        /** The simple name of the state interface, for messages: "ValueState". */
        public String stateInterfaceName() {
            return stateInterfaceName;
        }
    }

    private final String name;
    private final Type type;
    private final Class<T> typeClass;
    private final TypeInformation<T> typeInfo;
    private volatile TypeSerializer<T> serializer;

    StateDescriptor(String name, Type type, Class<T> typeClass, String typeClassRole) {
        checkName(name, type);
        this.name = name;
        this.type = type;
        this.typeClass = checkClass(typeClass, typeClassRole);
        this.typeInfo = TypeInformation.of(typeClass);
    }

    StateDescriptor(String name, Type type, TypeInformation<T> typeInfo, String typeClassRole) {
        checkName(name, type);
        this.name = name;
        this.type = type;
        this.typeInfo = checkNotNull(typeInfo, "type information of the " + typeClassRole);
        this.typeClass = typeInfo.getTypeClass();
    }

    @SuppressWarnings("unchecked")
    StateDescriptor(String name, Type type, TypeSerializer<T> serializer, String typeClassRole) {
        checkName(name, type);
        this.name = name;
        this.type = type;
        this.serializer = checkNotNull(serializer, "serializer of the " + typeClassRole);
        this.typeInfo = null;
        this.typeClass = (Class<T>) SerializerSnapshots.typeOf(serializer.snapshotConfiguration());
    }

    private static void checkName(String name, Type type) {
        if (name == null) {
            throw new NullPointerException("The name of a " + type.stateInterfaceName() + " descriptor must not be null");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("The name of a " + type.stateInterfaceName()
                    + " descriptor must not be empty: it identifies the state within the operator");
        }
    }

    final <X> X checkNotNull(X value, String role) {
        if (value == null) {
            throw new NullPointerException(type.stateInterfaceName() + " descriptor '" + name + "' needs the " + role
                    + "; it was null");
        }
        return value;
    }

    /** The state's name, unique within its operator. */
    public String getName() {
        return name;
    }

    /** The kind of state described. */
    public Type getType() {
        return type;
    }

    /**
     * The class the descriptor is about: the value class of value and reducing state, the element class of list
     * state, the user value class of map state, the accumulator class of aggregating state.
     */
    public Class<T> getTypeClass() {
        return typeClass;
    }

    /** The type of the values, or null when the descriptor was given a serializer instead. */
    public TypeInformation<T> getTypeInformation() {
        return typeInfo;
    }

    /** Whether the serializer is known: given to the constructor, or created by {@link #initializeSerializerUnlessSet}. */
    public boolean isSerializerInitialized() {
        return serializer != null;
    }

    /**
     * Creates the serializer from the type information with the job's settings, unless it is already known. The
     * runtime calls this when the state is registered.
     */
    public void initializeSerializerUnlessSet(SerializerConfig config) {
        if (serializer == null) {
            serializer = typeInfo.createSerializer(config);
        }
    }

    /**
     * The serializer of the values.
     *
     * @throws IllegalStateException if it was neither given nor initialized yet
     */
    public TypeSerializer<T> getSerializer() {
        if (serializer == null) {
            throw new IllegalStateException("The serializer of " + this + " is not initialized yet: it is created "
                    + "when the state is registered with getState(...) and friends");
        }
        return serializer;
    }

    /** "ValueState 'count' of java.lang.Long", for messages. */
    @Override
    public String toString() {
        return type.stateInterfaceName() + " '" + name + "' of " + typeClass.getName();
    }

    /** Checks a class argument of this descriptor; {@code role} says what the class is, for the message. */
    final <C> Class<C> checkClass(Class<C> cls, String role) {
        if (cls == null) {
            throw new NullPointerException(type.stateInterfaceName() + " descriptor '" + name + "' needs the " + role
                    + ", e.g. String.class; it was null");
        }
        if (cls.isPrimitive()) {
            throw new IllegalArgumentException(type.stateInterfaceName() + " descriptor '" + name + "': the " + role
                    + " must be a reference type; use the wrapper class instead of " + cls.getName() + ".class");
        }
        return cls;
    }

    /** Checks a function argument of this descriptor. */
    final <F> F checkFunction(F function, String role) {
        if (function == null) {
            throw new NullPointerException(type.stateInterfaceName() + " descriptor '" + name + "' needs a " + role
                    + "; it was null");
        }
        return function;
    }
}
