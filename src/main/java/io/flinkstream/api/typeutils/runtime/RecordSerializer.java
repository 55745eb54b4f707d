package io.flinkstream.api.typeutils.runtime;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Serializes Java records component by component, in declaration order, each with a null marker and its own
 * serializer, and builds them back through the canonical constructor. Records of immutable components (see
 * {@link ImmutableTypes}) are immutable, so never copied; others are copied component by component.
 *
 * <p>Layout: one byte (0 null, 1 a value), then per component a byte (0 null, 1 present) and the value.
 *
 * <p>A serializer {@linkplain RecordSerializerSnapshot#restoreSerializer() restored} from an older snapshot reads the
 * old components into the current record, matched by name: a component the record no longer has is read and dropped;
 * a new one gets its default (null, 0, false) in the canonical constructor. Stateless but for its component
 * serializers: {@link #duplicate()} duplicates them.
 *
 * @param <T> the record class
 */
public final class RecordSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> clazz;
    /** The components as written: names, declared type names and serializers. */
    private final String[] names;
    private final String[] typeNames;
    private final TypeSerializer<Object>[] serializers;
    private transient MethodHandle constructor;
    /** Per written component, its accessor in the current record, or null when the record no longer has it. */
    private transient MethodHandle[] accessors;
    /** Per written component, its position in the canonical constructor, or -1. */
    private transient int[] targets;
    /** The canonical constructor's arguments for components the data lacks. */
    private transient Object[] defaults;
    private transient boolean immutable;

    /** A serializer of the record {@code clazz}, one serializer per component in declaration order. */
    public RecordSerializer(Class<T> clazz, TypeSerializer<?>[] componentSerializers) {
        this(clazz, componentNames(clazz), componentTypeNames(clazz, componentSerializers), componentSerializers);
    }

    @SuppressWarnings("unchecked")
    RecordSerializer(Class<T> clazz, String[] names, String[] typeNames, TypeSerializer<?>[] serializers) {
        if (!clazz.isRecord()) {
            throw new IllegalArgumentException(clazz.getName() + " is not a record");
        }
        if (names.length != serializers.length) {
            throw new IllegalArgumentException(names.length + " components but " + serializers.length
                    + " serializers for " + clazz.getName());
        }
        this.clazz = clazz;
        this.names = names;
        this.typeNames = typeNames;
        this.serializers = (TypeSerializer<Object>[]) serializers;
        bindHandles();
    }

    private void bindHandles() {
        RecordComponent[] components = clazz.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        defaults = new Object[components.length];
        for (int c = 0; c < components.length; c++) {
            types[c] = components[c].getType();
            defaults[c] = FieldAccess.defaultValue(types[c]);
        }
        try {
            constructor = FieldAccess.spreadConstructor(clazz.getDeclaredConstructor(types));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("The record " + clazz.getName() + " has no canonical constructor", e);
        }
        accessors = new MethodHandle[names.length];
        targets = new int[names.length];
        Arrays.fill(targets, -1);
        for (int i = 0; i < names.length; i++) {
            for (int c = 0; c < components.length; c++) {
                if (components[c].getName().equals(names[i])) {
                    accessors[i] = FieldAccess.accessor(components[c].getAccessor());
                    targets[i] = c;
                }
            }
        }
        immutable = ImmutableTypes.isImmutable(clazz);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        bindHandles();
    }

    /** The record class. */
    public Class<T> getRecordClass() {
        return clazz;
    }

    /** The names of the components in the order they are written. */
    public List<String> getComponentNames() {
        return List.of(names);
    }

    @Override
    public boolean isImmutableType() {
        return immutable;
    }

    @Override
    public RecordSerializer<T> duplicate() {
        TypeSerializer<?>[] duplicates = new TypeSerializer<?>[serializers.length];
        boolean same = true;
        for (int i = 0; i < duplicates.length; i++) {
            duplicates[i] = serializers[i].duplicate();
            same &= duplicates[i] == serializers[i];
        }
        return same ? this : new RecordSerializer<>(clazz, names, typeNames, duplicates);
    }

    /** A record of default components (null, 0, false), or null if the canonical constructor refuses them. */
    @Override
    public T createInstance() {
        try {
            return construct(defaults.clone());
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public T copy(T from) {
        if (from == null || immutable) {
            return from;
        }
        Object[] args = defaults.clone();
        for (int i = 0; i < names.length; i++) {
            if (accessors[i] != null) {
                Object value = get(i, from);
                args[targets[i]] = value == null ? null : serializers[i].copy(value);
            }
        }
        return construct(args);
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        if (record == null) {
            target.writeByte(0);
            return;
        }
        target.writeByte(1);
        for (int i = 0; i < names.length; i++) {
            Object value = accessors[i] == null ? null : get(i, record);
            if (value == null) {
                target.writeByte(0);
            } else {
                target.writeByte(1);
                serializers[i].serialize(value, target);
            }
        }
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        byte tag = source.readByte();
        if (tag == 0) {
            return null;
        }
        if (tag != 1) {
            throw new IOException("Corrupt data: unknown tag " + tag + " of the record serializer of "
                    + clazz.getName());
        }
        Object[] args = defaults.clone();
        for (int i = 0; i < names.length; i++) {
            if (source.readByte() != 0) {
                Object value = serializers[i].deserialize(source);
                if (targets[i] >= 0) {
                    args[targets[i]] = value;
                }
            }
        }
        try {
            return construct(args);
        } catch (ClassCastException e) {
            throw new IOException("The stored components of " + clazz.getName() + " (" + String.join(", ",
                    Arrays.asList(typeNames)) + ") no longer fit its canonical constructor: a component's type "
                    + "changed incompatibly", e);
        }
    }

    @SuppressWarnings("unchecked")
    private T construct(Object[] args) {
        try {
            return (T) (Object) constructor.invokeExact(args);
        } catch (Throwable t) {
            throw FieldAccess.rethrow(t, "The canonical constructor of " + clazz.getName() + " failed");
        }
    }

    private Object get(int i, T from) {
        try {
            return (Object) accessors[i].invokeExact((Object) from);
        } catch (Throwable t) {
            throw FieldAccess.rethrow(t, "The accessor " + names[i] + "() of " + clazz.getName() + " failed");
        }
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        List<NamedFieldSnapshots.NamedField> components = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            components.add(new NamedFieldSnapshots.NamedField(names[i], typeNames[i],
                    serializers[i].snapshotConfiguration()));
        }
        return new RecordSerializerSnapshot<>(clazz, components);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof RecordSerializer<?> other && other.clazz == clazz && Arrays.equals(other.names, names)
                && Arrays.equals(other.serializers, serializers);
    }

    @Override
    public int hashCode() {
        return 31 * clazz.hashCode() + Arrays.hashCode(names);
    }

    @Override
    public String toString() {
        return "RecordSerializer(" + clazz.getName() + ", " + String.join(", ", names) + ")";
    }

    private static String[] componentNames(Class<?> clazz) {
        if (!clazz.isRecord()) {
            throw new IllegalArgumentException(clazz.getName() + " is not a record");
        }
        return Arrays.stream(clazz.getRecordComponents()).map(RecordComponent::getName).toArray(String[]::new);
    }

    private static String[] componentTypeNames(Class<?> clazz, TypeSerializer<?>[] serializers) {
        RecordComponent[] components = clazz.getRecordComponents();
        if (components.length != serializers.length) {
            throw new IllegalArgumentException(clazz.getName() + " has " + components.length + " components but "
                    + serializers.length + " serializers were given");
        }
        String[] typeNames = new String[components.length];
        for (int i = 0; i < components.length; i++) {
            typeNames[i] = NamedFieldSnapshots.typeName(components[i].getGenericType(), serializers[i]);
        }
        return typeNames;
    }
}
