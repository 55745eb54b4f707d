package io.flinkstream.api.typeinfo;

import java.lang.reflect.ParameterizedType;

/** The type rules for Java records and POJOs; used by {@link TypeExtractor}. */
final class StructTypes {
    private StructTypes() {
    }

    /** The type of {@code cls} if it is a record or follows the POJO rules, else null. */
    static TypeInformation<?> forClass(Class<?> cls) {
        return null;
    }

    /** The type of {@code type} if its raw class is a record or a POJO, with type variables bound, else null. */
    static TypeInformation<?> forParameterized(ParameterizedType type) {
        return null;
    }
}
