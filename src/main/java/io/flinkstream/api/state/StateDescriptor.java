package io.flinkstream.api.state;

import java.io.Serializable;

/**
 * Names and types one keyed state of an operator. The name identifies the state within the operator (and, once
 * snapshots exist, in snapshots); asking twice for the same name returns the same state, asking for the same name
 * with another kind of state or another class is an error.
 *
 * <p>Descriptors are serializable: they are created in user functions and may travel with them. The classes they
 * carry are kept so that state can be serialized for snapshots.
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

    StateDescriptor(String name, Type type, Class<T> typeClass, String typeClassRole) {
        if (name == null) {
            throw new NullPointerException("The name of a " + type.stateInterfaceName() + " descriptor must not be null");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("The name of a " + type.stateInterfaceName()
                    + " descriptor must not be empty: it identifies the state within the operator");
        }
        this.name = name;
        this.type = type;
        this.typeClass = checkClass(typeClass, typeClassRole);
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
