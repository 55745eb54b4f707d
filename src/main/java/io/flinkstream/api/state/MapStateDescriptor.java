package io.flinkstream.api.state;

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
