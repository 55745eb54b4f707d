package io.flinkstream.api.typeinfo;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Settings of the serializers of a job: whether types that only the generic serializer (Kryo) can handle are allowed,
 * and classes to register with Kryo. Reached through {@code env.getConfig().getSerializerConfig()}.
 */
public final class SerializerConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private boolean genericTypes = true;
    private final Set<Class<?>> kryoTypes = new LinkedHashSet<>();

    /** Whether generic types are allowed (default true). */
    public boolean hasGenericTypesDisabled() {
        return !genericTypes;
    }

    /**
     * Allows or forbids generic types. Forbidden, a job whose records or state need the generic serializer fails
     * at start naming the type, so that no value silently goes through Kryo.
     */
    public SerializerConfig setGenericTypes(boolean allowed) {
        this.genericTypes = allowed;
        return this;
    }

    /** Registers {@code type} with Kryo, so its values are written with a short id instead of the class name. */
    public SerializerConfig registerKryoType(Class<?> type) {
        if (type == null) {
            throw new NullPointerException("registerKryoType(null): pass a class");
        }
        kryoTypes.add(type);
        return this;
    }

    /** The classes registered with Kryo, in registration order. */
    public Set<Class<?>> getRegisteredKryoTypes() {
        return Set.copyOf(kryoTypes);
    }

    /** A copy of these settings. */
    public SerializerConfig copy() {
        SerializerConfig copy = new SerializerConfig();
        copy.genericTypes = genericTypes;
        copy.kryoTypes.addAll(kryoTypes);
        return copy;
    }
}
