package io.flinkstream.api.typeutils.runtime;

import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;

/** What FlinkStream's serializer snapshots share: loading the classes they name, and telling their type. */
public final class SerializerSnapshots {
    private SerializerSnapshots() {
    }

    /** A snapshot that knows the class of the values its serializer makes. */
    public interface Typed {
        /** The class of the values. */
        Class<?> typeClass();
    }

    /** Loads a class named in a snapshot, primitives included; the message says what to do when it is missing. */
    public static Class<?> loadClass(String name, ClassLoader classLoader) throws IOException {
        switch (name) {
            case "long": return long.class;
            case "int": return int.class;
            case "short": return short.class;
            case "byte": return byte.class;
            case "char": return char.class;
            case "boolean": return boolean.class;
            case "double": return double.class;
            case "float": return float.class;
            case "void": return void.class;
            default:
                break;
        }
        try {
            return Class.forName(name, false, classLoader != null ? classLoader
                    : SerializerSnapshots.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IOException("The class " + name + " that the checkpoint's state was written with is not on "
                    + "the class path: add it, or restore with the code that wrote the checkpoint", e);
        }
    }

    /** The class of the values {@code snapshot}'s serializer makes, or {@code Object.class} when unknown. */
    public static Class<?> typeOf(TypeSerializerSnapshot<?> snapshot) {
        if (snapshot instanceof Typed typed) {
            return typed.typeClass();
        }
        if (snapshot instanceof KryoSerializer.KryoSerializerSnapshot<?> kryo) {
            return kryo.getType();
        }
        try {
            TypeSerializer<?> serializer = snapshot.restoreSerializer();
            Object instance = serializer.createInstance();
            return instance == null ? Object.class : instance.getClass();
        } catch (RuntimeException e) {
            return Object.class;
        }
    }
}
