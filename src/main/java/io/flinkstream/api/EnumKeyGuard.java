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
        Enum<?> inside = enumIn(key, 0);
        if (inside != null) {
            throw new SuppressRestartsException("keyBy(...) returned a key " + (inside == key ? "that is" : "holding")
                    + " the enum constant " + inside.getDeclaringClass().getName() + "." + inside.name()
                    + ": an enum's hashCode() is the object's identity, which differs from one JVM to the next, so "
                    + "after a restart, or on a cluster, the same key would be sent to another subtask than its "
                    + "state. Key by the enum's name() or ordinal() instead", null);
        }
        return key;
    }

    /**
     * An enum whose identity hash goes into {@code key}'s hash: the key itself, or one inside a tuple, a record (with
     * the compiler's hashCode), a list, an optional or a map — what {@link KeyTypes} refuses by declared type.
     */
    private static Enum<?> enumIn(Object key, int depth) {
        if (key == null || depth > 8) {
            return null;
        }
        if (key instanceof Enum<?> e) {
            return e;
        }
        Iterable<?> parts = null;
        if (key instanceof io.flinkstream.api.tuple.Tuple tuple) {
            java.util.List<Object> fields = new java.util.ArrayList<>(tuple.getArity());
            for (int i = 0; i < tuple.getArity(); i++) {
                fields.add(tuple.getField(i));
            }
            parts = fields;
        } else if (key instanceof java.util.Optional<?> optional) {
            return enumIn(optional.orElse(null), depth + 1);
        } else if (key instanceof java.util.List<?> list) {
            parts = list;
        } else if (key instanceof java.util.Map<?, ?> map) {
            Enum<?> inKeys = enumIn(new java.util.ArrayList<>(map.keySet()), depth + 1);
            return inKeys != null ? inKeys : enumIn(new java.util.ArrayList<>(map.values()), depth + 1);
        } else if (key instanceof Record record && KeyTypes.recordHashesComponents(record.getClass())) {
            java.util.List<Object> components = new java.util.ArrayList<>();
            for (java.lang.reflect.RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    java.lang.reflect.Method accessor = component.getAccessor();
                    accessor.setAccessible(true);
                    components.add(accessor.invoke(record));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return null; // cannot look inside: its author's to get right
                }
            }
            parts = components;
        }
        if (parts != null) {
            for (Object part : parts) {
                Enum<?> found = enumIn(part, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
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
