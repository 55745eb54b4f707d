package io.flinkstream.api;


/**
 * Wraps a key selector whose key type erasure hid (a lambda returning a type variable, {@code Object}, an interface),
 * so the enum keys {@link KeyTypes} refuses by type at {@code keyBy} are still refused when they show up as values:
 * the first enum key fails the job at once, without restarts, naming the enum class and the operator's input.
 */
final class EnumKeyGuard<T, K> implements KeySelector<T, K> {
    private static final long serialVersionUID = 1L;

    private final KeySelector<T, K> selector;

    EnumKeyGuard(KeySelector<T, K> selector) {
        this.selector = selector;
    }

    @Override
    public K getKey(T value) throws Exception {
        K key = selector.getKey(value);
        if (key instanceof Enum<?> e) {
            throw new SuppressRestartsException("keyBy(...) returned the enum constant " + e.getDeclaringClass()
                    .getName() + "." + e.name() + " as a key: an enum's hashCode() is the object's identity, which "
                    + "differs from one JVM to the next, so after a restart, or on a cluster, the same key would be "
                    + "sent to another subtask than its state. Key by the enum's name() or ordinal() instead", null);
        }
        return key;
    }

    /** The selector to use for keys of {@code keyType}: {@code selector}, guarded when the type says nothing. */
    static <T, K> KeySelector<T, K> guardIfHidden(KeySelector<T, K> selector,
                                                  io.flinkstream.api.typeinfo.TypeInformation<K> keyType) {
        Class<?> type = keyType.getTypeClass();
        boolean hidden = type == Object.class || type.isInterface()
                || java.lang.reflect.Modifier.isAbstract(type.getModifiers()) && !type.isArray();
        return hidden ? new EnumKeyGuard<>(selector) : selector;
    }
}
