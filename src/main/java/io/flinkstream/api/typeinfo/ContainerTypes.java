package io.flinkstream.api.typeinfo;

import java.lang.reflect.ParameterizedType;

/** The type rules for arrays, enums, tuples, lists, maps and Optional; used by {@link TypeExtractor}. */
final class ContainerTypes {
    private ContainerTypes() {
    }

    /** The type of {@code cls} if it is one of this class's kinds, else null. */
    static TypeInformation<?> forClass(Class<?> cls) {
        return null;
    }

    /** The type of {@code type} if its raw class is one of this class's kinds, else null. */
    static TypeInformation<?> forParameterized(ParameterizedType type) {
        return null;
    }
}
