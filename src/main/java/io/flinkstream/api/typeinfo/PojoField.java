package io.flinkstream.api.typeinfo;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.util.Objects;

/**
 * One field of a POJO type: the reflected field and its type. Flink's class of the same name.
 */
public final class PojoField implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Class<?> declaringClass;
    private final String name;
    private final TypeInformation<?> type;
    private transient Field field;

    /** The field {@code field} whose values have the type {@code type}. */
    public PojoField(Field field, TypeInformation<?> type) {
        this.field = Objects.requireNonNull(field, "field");
        this.declaringClass = field.getDeclaringClass();
        this.name = field.getName();
        this.type = Objects.requireNonNull(type, "type");
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        try {
            field = declaringClass.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IOException("The field " + name + " of " + declaringClass.getName() + " is gone", e);
        }
    }

    /** The reflected field. */
    public Field getField() {
        return field;
    }

    /** The field's name. */
    public String getName() {
        return name;
    }

    /** The type of the field's values. */
    public TypeInformation<?> getTypeInformation() {
        return type;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof PojoField other && other.declaringClass == declaringClass && other.name.equals(name)
                && other.type.equals(type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(declaringClass, name, type);
    }

    @Override
    public String toString() {
        return name + ": " + type;
    }
}
