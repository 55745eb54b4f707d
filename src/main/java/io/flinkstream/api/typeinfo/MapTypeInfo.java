package io.flinkstream.api.typeinfo;

import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.MapSerializer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The type of a {@link Map} whose keys have one type and values another; values come back as
 * {@link java.util.HashMap}s. Flink's name: {@code new MapTypeInfo<>(Types.STRING, Types.LONG)}, or
 * {@code Types.MAP(Types.STRING, Types.LONG)}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class MapTypeInfo<K, V> extends TypeInformation<Map<K, V>> {
    private static final long serialVersionUID = 1L;

    private final TypeInformation<K> keyTypeInfo;
    private final TypeInformation<V> valueTypeInfo;

    /** The type of maps from {@code keyTypeInfo} to {@code valueTypeInfo}. */
    public MapTypeInfo(TypeInformation<K> keyTypeInfo, TypeInformation<V> valueTypeInfo) {
        if (keyTypeInfo == null || valueTypeInfo == null) {
            throw new NullPointerException("MapTypeInfo needs the key and the value type, e.g. "
                    + "new MapTypeInfo<>(Types.STRING, Types.LONG)");
        }
        this.keyTypeInfo = keyTypeInfo;
        this.valueTypeInfo = valueTypeInfo;
    }

    /** The type of maps from {@code keyClass} to {@code valueClass}. */
    public MapTypeInfo(Class<K> keyClass, Class<V> valueClass) {
        this(TypeInformation.of(keyClass), TypeInformation.of(valueClass));
    }

    /** The type of the keys. */
    public TypeInformation<K> getKeyTypeInfo() {
        return keyTypeInfo;
    }

    /** The type of the values. */
    public TypeInformation<V> getValueTypeInfo() {
        return valueTypeInfo;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<Map<K, V>> getTypeClass() {
        return (Class<Map<K, V>>) (Class<?>) Map.class;
    }

    @Override
    public Map<String, TypeInformation<?>> getGenericParameters() {
        Map<String, TypeInformation<?>> parameters = new LinkedHashMap<>();
        parameters.put("K", keyTypeInfo);
        parameters.put("V", valueTypeInfo);
        return parameters;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Map<K, V>> createSerializer(SerializerConfig config) {
        return new MapSerializer<>(keyTypeInfo.createSerializer(config), valueTypeInfo.createSerializer(config));
    }

    @Override
    public String toString() {
        return "Map<" + keyTypeInfo + ", " + valueTypeInfo + ">";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof MapTypeInfo<?, ?> other && other.keyTypeInfo.equals(keyTypeInfo)
                && other.valueTypeInfo.equals(valueTypeInfo);
    }

    @Override
    public int hashCode() {
        return 31 * keyTypeInfo.hashCode() + valueTypeInfo.hashCode();
    }
}
