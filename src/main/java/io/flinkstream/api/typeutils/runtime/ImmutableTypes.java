package io.flinkstream.api.typeutils.runtime;

import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;

/**
 * Which classes have values that never change, so that copies of them can be skipped: the boxes, String, the
 * java.time and java.math value types, enums, and records whose components are all of such types (through final
 * declared types, so no mutable subclass can hide behind them). Answers are cached per class. Pure.
 */
public final class ImmutableTypes {
    private static final Set<Class<?>> KNOWN = Set.of(
            Long.class, Integer.class, Short.class, Byte.class, Character.class, Boolean.class, Double.class,
            Float.class, String.class, BigInteger.class, BigDecimal.class, Void.class, Class.class,
            java.util.UUID.class, java.time.Instant.class, java.time.LocalDate.class, java.time.LocalTime.class,
            java.time.LocalDateTime.class, java.time.ZonedDateTime.class, java.time.OffsetDateTime.class,
            java.time.Duration.class, java.time.Period.class, java.time.ZoneOffset.class);

    private static final ClassValue<Boolean> IMMUTABLE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return compute(type, 0);
        }
    };

    private ImmutableTypes() {
    }

    /** Whether every value of exactly this class is immutable. */
    public static boolean isImmutable(Class<?> type) {
        return IMMUTABLE.get(type);
    }

    private static boolean compute(Class<?> type, int depth) {
        if (type.isPrimitive() || KNOWN.contains(type) || type.isEnum()
                || (type.getSuperclass() != null && type.getSuperclass().isEnum())) {
            return true;
        }
        if (!type.isRecord() || depth > 8) {
            return false;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            Class<?> declared = component.getType();
            boolean exact = declared.isPrimitive() || Modifier.isFinal(declared.getModifiers()) || declared.isEnum();
            if (!exact || !compute(declared, depth + 1)) {
                return false;
            }
        }
        return true;
    }
}
