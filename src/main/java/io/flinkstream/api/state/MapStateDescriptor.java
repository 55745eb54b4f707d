package io.flinkstream.api.state;

import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.runtime.SerializerSnapshots;

/**
 * Describes a {@link MapState}.
 *
 * <pre>{@code new MapStateDescriptor<>("lastSeen", String.class, Long.class)}</pre>
 *
 * @param <UK> the user key type
 * @param <UV> the user value type
 */
public final class MapStateDescriptor<UK, UV> extends StateDescriptor<MapState<UK, UV>, UV> {
    private static final long serialVersionUID = 1L;

    private final Class<UK> userKeyClass;
    private final TypeInformation<UK> userKeyTypeInfo;
    private volatile TypeSerializer<UK> userKeySerializer;

    /**
     * @param name the state's name, unique within the operator
     * @param userKeyClass the class of the map's keys
     * @param userValueClass the class of the map's values
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the name is empty or a class primitive
     */
    public MapStateDescriptor(String name, Class<UK> userKeyClass, Class<UV> userValueClass) {
        super(name, Type.MAP, userValueClass, "user value class");
        this.userKeyClass = checkClass(userKeyClass, "user key class");
        this.userKeyTypeInfo = TypeInformation.of(userKeyClass);
    }

    /**
     * @param userKeyTypeInfo the type of the map's keys
     * @param userValueTypeInfo the type of the map's values
     */
    public MapStateDescriptor(String name, TypeInformation<UK> userKeyTypeInfo,
                              TypeInformation<UV> userValueTypeInfo) {
        super(name, Type.MAP, userValueTypeInfo, "user value type");
        this.userKeyTypeInfo = checkNotNull(userKeyTypeInfo, "type of the user keys");
        this.userKeyClass = userKeyTypeInfo.getTypeClass();
    }

    /**
     * @param userKeySerializer the serializer of the map's keys
     * @param userValueSerializer the serializer of the map's values
     */
    @SuppressWarnings("unchecked")
    public MapStateDescriptor(String name, TypeSerializer<UK> userKeySerializer,
                              TypeSerializer<UV> userValueSerializer) {
        super(name, Type.MAP, userValueSerializer, "user value type");
        this.userKeySerializer = checkNotNull(userKeySerializer, "serializer of the user keys");
        this.userKeyTypeInfo = null;
        this.userKeyClass = (Class<UK>) SerializerSnapshots.typeOf(userKeySerializer.snapshotConfiguration());
    }

    /** The type of the map's keys, or null when a serializer was given instead. */
    public TypeInformation<UK> getUserKeyTypeInformation() {
        return userKeyTypeInfo;
    }

    /** Creates both serializers with the job's settings, unless known. */
    @Override
    public void initializeSerializerUnlessSet(SerializerConfig config) {
        super.initializeSerializerUnlessSet(config);
        if (userKeySerializer == null) {
            userKeySerializer = userKeyTypeInfo.createSerializer(config);
        }
    }

    /** The serializer of the map's keys; see {@link #getSerializer()}. */
    public TypeSerializer<UK> getUserKeySerializer() {
        if (userKeySerializer == null) {
            throw new IllegalStateException("The serializer of " + this + " is not initialized yet");
        }
        return userKeySerializer;
    }

    /** The serializer of the map's values; the same as {@link #getSerializer()}. */
    public TypeSerializer<UV> getUserValueSerializer() {
        return getSerializer();
    }

    /** The class of the map's keys. */
    public Class<UK> getUserKeyClass() {
        return userKeyClass;
    }

    /** The class of the map's values; the same as {@link #getTypeClass()}. */
    public Class<UV> getUserValueClass() {
        return getTypeClass();
    }

    /** "MapState 'lastSeen' of java.lang.String to java.lang.Long", for messages. */
    @Override
    public String toString() {
        return getType().stateInterfaceName() + " '" + getName() + "' of " + userKeyClass.getName() + " to "
                + getTypeClass().getName();
    }
}
