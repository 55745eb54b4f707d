package io.flinkstream.api.typeutils.runtime;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Serializes maps: the size as a variable-length integer, then each entry as its key and its value, each a marker byte
 * (0 for null, 1 for a value) followed by the value in its serializer's format. Maps come back as {@link HashMap}s.
 * Copies are deep, except that a map whose keys and values are both immutable is copied by
 * {@code new HashMap<>(from)}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class MapSerializer<K, V> extends TypeSerializer<Map<K, V>> {
    private static final long serialVersionUID = 1L;

    private final TypeSerializer<K> keySerializer;
    private final TypeSerializer<V> valueSerializer;
    /** Writes maps of any class but HashMap whole, so a TreeMap keeps its order and comparator. */
    private transient KryoSerializer<Object> otherMaps;

    /**
     * @param keySerializer the serializer of the keys
     * @param valueSerializer the serializer of the values
     */
    public MapSerializer(TypeSerializer<K> keySerializer, TypeSerializer<V> valueSerializer) {
        if (keySerializer == null || valueSerializer == null) {
            throw new NullPointerException("MapSerializer needs a key and a value serializer");
        }
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
    }

    /** The serializer of the keys. */
    public TypeSerializer<K> getKeySerializer() {
        return keySerializer;
    }

    /** The serializer of the values. */
    public TypeSerializer<V> getValueSerializer() {
        return valueSerializer;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<Map<K, V>> duplicate() {
        // Always a new one: the Kryo serializer for maps of other classes is not thread-safe.
        return new MapSerializer<>(keySerializer.duplicate(), valueSerializer.duplicate());
    }

    @Override
    public Map<K, V> createInstance() {
        return new HashMap<>();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<K, V> copy(Map<K, V> from) {
        if (from == null) {
            return null;
        }
        if (from.getClass() != HashMap.class) {
            return (Map<K, V>) otherMaps().copy(from);
        }
        if (keySerializer.isImmutableType() && valueSerializer.isImmutableType()) {
            return new HashMap<>(from);
        }
        Map<K, V> copy = new HashMap<>(Math.max(16, (int) (from.size() / 0.75f) + 1));
        for (Map.Entry<K, V> entry : from.entrySet()) {
            K key = entry.getKey();
            V value = entry.getValue();
            copy.put(key == null ? null : keySerializer.copy(key), value == null ? null : valueSerializer.copy(value));
        }
        return copy;
    }

    @Override
    public void serialize(Map<K, V> record, DataOutputView target) throws IOException {
        if (record.getClass() != HashMap.class) {
            target.writeVarInt(0);
            otherMaps().serialize(record, target);
            return;
        }
        target.writeVarInt(record.size() + 1);
        for (Map.Entry<K, V> entry : record.entrySet()) {
            writeNullable(keySerializer, entry.getKey(), target);
            writeNullable(valueSerializer, entry.getValue(), target);
        }
    }

    private KryoSerializer<Object> otherMaps() {
        if (otherMaps == null) {
            otherMaps = new KryoSerializer<>(Object.class, new io.flinkstream.api.typeinfo.SerializerConfig());
        }
        return otherMaps;
    }

    private static <E> void writeNullable(TypeSerializer<E> serializer, E value, DataOutputView target)
            throws IOException {
        if (value == null) {
            target.writeByte(0);
        } else {
            target.writeByte(1);
            serializer.serialize(value, target);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<K, V> deserialize(DataInputView source) throws IOException {
        int sizePlusOne = source.readLength("a map's size");
        if (sizePlusOne == 0) {
            return (Map<K, V>) otherMaps().deserialize(source);
        }
        int size = sizePlusOne - 1;
        // The size comes from the data: do not let a corrupt one allocate gigabytes before the read fails.
        Map<K, V> map = new HashMap<>(Math.min(size, 1024) * 2);
        for (int i = 0; i < size; i++) {
            K key = ListSerializer.readElement(keySerializer, source);
            map.put(key, ListSerializer.readElement(valueSerializer, source));
        }
        return map;
    }

    @Override
    public TypeSerializerSnapshot<Map<K, V>> snapshotConfiguration() {
        return new MapSerializerSnapshot<>(this);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof MapSerializer<?, ?> other && other.keySerializer.equals(keySerializer)
                && other.valueSerializer.equals(valueSerializer);
    }

    @Override
    public int hashCode() {
        return 31 * keySerializer.hashCode() + valueSerializer.hashCode();
    }

    @Override
    public String toString() {
        return "MapSerializer(" + keySerializer + ", " + valueSerializer + ")";
    }

    /** The snapshot of {@link MapSerializer}: the key and value serializers' snapshots. */
    public static final class MapSerializerSnapshot<K, V> extends CompositeSerializerSnapshot<Map<K, V>> {
        /** For reading. */
        public MapSerializerSnapshot() {
        }

        MapSerializerSnapshot(MapSerializer<K, V> serializer) {
            super(serializer.keySerializer, serializer.valueSerializer);
        }

        @Override
        public Class<?> typeClass() {
            return HashMap.class;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected TypeSerializer<Map<K, V>> createOuterSerializer(TypeSerializer<?>[] nested) {
            return new MapSerializer<>((TypeSerializer<K>) nested[0], (TypeSerializer<V>) nested[1]);
        }

        @Override
        protected String nestedName(int index) {
            return index == 0 ? "map key" : "map value";
        }
    }
}
