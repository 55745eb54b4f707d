package io.flinkstream.api.typeutils.runtime;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeutils.DataInputDeserializer;
import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSchemaCompatibility;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;
import org.objenesis.strategy.StdInstantiatorStrategy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The generic serializer: values of any class, null included, without {@link java.io.Serializable}. The common
 * immutable types (Long, Integer, String, Double, Boolean) are written as a tag and their bytes (Long and Integer as
 * ZigZag variable-length integers), as fast as their own serializers, so a stream whose type erasure hid (a lambda's result) pays little; anything else goes through
 * <a href="https://github.com/EsotericSoftware/kryo">Kryo</a> 5, Flink 2's generic serializer too, with its class
 * name, so subclasses come back as themselves. Copies skip immutable values (see {@link ImmutableTypes}) and deep-copy
 * the rest with Kryo.
 *
 * <p>Holds a Kryo instance, which is not thread-safe: {@link #duplicate()} gives another thread its own.
 *
 * @param <T> the type serialized; {@code Object} when erasure hid it
 */
public final class KryoSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;
    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte INTEGER = 2;
    private static final byte STRING = 3;
    private static final byte DOUBLE = 4;
    private static final byte FALSE = 5;
    private static final byte TRUE = 6;
    private static final byte KRYO = 7;

    private final Class<T> type;
    private final List<Class<?>> registeredTypes;
    /** Resolves the class names Kryo reads: the job's class loader where known, else the thread's at first use. */
    private transient ClassLoader classLoader;
    private transient Kryo kryo;
    private transient Output output;
    private transient Input input;

    /** @param type the declared class of the values; values of subclasses are written with their own class */
    public KryoSerializer(Class<T> type, SerializerConfig config) {
        this(type, new ArrayList<>(config.getRegisteredKryoTypes()), Thread.currentThread().getContextClassLoader());
    }

    private KryoSerializer(Class<T> type, List<Class<?>> registeredTypes, ClassLoader classLoader) {
        this.type = type;
        this.registeredTypes = List.copyOf(registeredTypes);
        this.classLoader = classLoader;
    }

    /** The declared class of the values. */
    public Class<T> getType() {
        return type;
    }

    @Override
    public boolean isImmutableType() {
        return ImmutableTypes.isImmutable(type);
    }

    @Override
    public KryoSerializer<T> duplicate() {
        return new KryoSerializer<>(type, registeredTypes, classLoader);
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        if (from == null || ImmutableTypes.isImmutable(from.getClass())) {
            return from;
        }
        try {
            return kryo().copy(from);
        } catch (UnserializableTypeException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // Kryo's copy has gaps its serialization does not (a TreeMap with references on): a copy can always be
            // made by writing the value and reading it back; only when that fails too is the value unserializable.
            kryo = null;
            return copyThroughBytes(from, e);
        }
    }

    private T copyThroughBytes(T from, Throwable copyFailure) {
        io.flinkstream.api.typeutils.DataOutputSerializer bytes =
                new io.flinkstream.api.typeutils.DataOutputSerializer(256);
        try {
            serialize(from, bytes);
            return deserialize(new DataInputDeserializer(bytes.getSharedBuffer(), 0, bytes.length()));
        } catch (UnserializableTypeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            e.addSuppressed(copyFailure);
            throw new UnserializableTypeException(from.getClass(), "could not be copied by the generic serializer "
                    + "(Kryo): " + e.getMessage(), e);
        }
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        if (record == null) {
            target.writeByte(NULL);
        } else if (record instanceof Long l) {
            target.writeByte(LONG);
            target.writeZigZagLong(l);
        } else if (record instanceof Integer i) {
            target.writeByte(INTEGER);
            target.writeZigZagInt(i);
        } else if (record instanceof String s) {
            target.writeByte(STRING);
            io.flinkstream.api.typeutils.base.StringSerializer.writeString(s, target);
        } else if (record instanceof Double d) {
            target.writeByte(DOUBLE);
            target.writeDouble(d);
        } else if (record instanceof Boolean b) {
            target.writeByte(b ? TRUE : FALSE);
        } else {
            target.writeByte(KRYO);
            Output out = output();
            out.reset();
            try {
                kryo().writeClassAndObject(out, record);
            } catch (UnserializableTypeException e) {
                throw e;
            } catch (RuntimeException | StackOverflowError e) {
                throw new UnserializableTypeException(record.getClass(), "could not be serialized by the generic "
                        + "serializer (Kryo): " + e.getMessage(), e);
            }
            target.writeVarInt(out.position());
            target.write(out.getBuffer(), 0, out.position());
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(DataInputView source) throws IOException {
        byte tag = source.readByte();
        return (T) switch (tag) {
            case NULL -> null;
            case LONG -> source.readZigZagLong();
            case INTEGER -> source.readZigZagInt();
            case STRING -> io.flinkstream.api.typeutils.base.StringSerializer.readString(source);
            case DOUBLE -> source.readDouble();
            case FALSE -> Boolean.FALSE;
            case TRUE -> Boolean.TRUE;
            case KRYO -> readKryo(source);
            default -> throw new IOException("Corrupt data: unknown tag " + tag + " of the generic serializer");
        };
    }

    private Object readKryo(DataInputView source) throws IOException {
        int length = source.readLength("a Kryo value's length");
        byte[] bytes = new byte[length];
        source.readFully(bytes);
        Input in = input();
        in.setBuffer(bytes, 0, length);
        try {
            return kryo().readClassAndObject(in);
        } catch (RuntimeException e) {
            throw new IOException("Could not read a value of " + type.getName() + " with the generic serializer "
                    + "(Kryo): " + e.getMessage() + ". Is the class on the class path and unchanged?", e);
        }
    }

    private Kryo kryo() {
        if (kryo == null) {
            kryo = newKryo();
        }
        return kryo;
    }

    private Kryo newKryo() {
        Kryo k = new Kryo();
        k.setRegistrationRequired(false);
        k.setReferences(true);
        k.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        ClassLoader loader = classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
        if (loader == null && type.getClassLoader() != null) {
            loader = type.getClassLoader();
        }
        if (loader != null) {
            k.setClassLoader(loader);
        }
        for (Class<?> registered : registeredTypes) {
            k.register(registered);
        }
        return k;
    }

    private Output output() {
        if (output == null) {
            output = new Output(256, -1);
        }
        return output;
    }

    private Input input() {
        if (input == null) {
            input = new Input();
        }
        return input;
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new KryoSerializerSnapshot<>(type, registeredTypes);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof KryoSerializer<?> other && other.type == type
                && other.registeredTypes.equals(registeredTypes);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public String toString() {
        return "KryoSerializer(" + type.getName() + ")";
    }

    /**
     * The snapshot of {@link KryoSerializer}: the declared class and the registered classes, whose order fixes the
     * ids Kryo writes.
     */
    public static final class KryoSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {
        private Class<T> type;
        private List<Class<?>> registeredTypes;
        private ClassLoader classLoader;

        /** For reading. */
        public KryoSerializerSnapshot() {
        }

        KryoSerializerSnapshot(Class<T> type, List<Class<?>> registeredTypes) {
            this.type = type;
            this.registeredTypes = registeredTypes;
        }

        /** The declared class of the values. */
        public Class<T> getType() {
            return type;
        }

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(type.getName());
            out.writeVarInt(registeredTypes.size());
            for (Class<?> registered : registeredTypes) {
                out.writeUTF(registered.getName());
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            this.classLoader = classLoader;
            type = (Class<T>) SerializerSnapshots.loadClass(in.readUTF(), classLoader);
            int n = in.readLength("the number of Kryo classes");
            registeredTypes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                registeredTypes.add(SerializerSnapshots.loadClass(in.readUTF(), classLoader));
            }
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return new KryoSerializer<>(type, registeredTypes, classLoader);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
                TypeSerializerSnapshot<T> oldSerializerSnapshot) {
            if (!(oldSerializerSnapshot instanceof KryoSerializerSnapshot<?> old)) {
                // Data written by a typed serializer is read with it, then kept as objects the generic one handles.
                return type.isAssignableFrom(SerializerSnapshots.typeOf(oldSerializerSnapshot))
                        ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                        : TypeSerializerSchemaCompatibility.incompatible();
            }
            if (!type.isAssignableFrom(old.type) && old.type != Object.class && type != Object.class) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return old.registeredTypes.equals(registeredTypes)
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
    }
}
