package io.flinkstream.api.typeinfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.api.typeutils.runtime.PojoSerializer;
import io.flinkstream.api.typeutils.runtime.RecordSerializer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructTypesTest {

    public static class Reading {
        public String sensor;
        private double value;
        private boolean valid;
        public transient Object cache;
        public static int instances;

        public Reading() {
        }

        public double getValue() {
            return value;
        }

        public void setValue(double value) {
            this.value = value;
        }

        public boolean isValid() {
            return valid;
        }

        public void setValid(boolean valid) {
            this.valid = valid;
        }
    }

    public static class Base<X> {
        public X payload;
        public long id;
    }

    public static class Box<T> extends Base<List<T>> {
        public T value;
    }

    public static class Node {
        public String name;
        public Node next;
    }

    public static class NoDefaultConstructor {
        public long id;

        public NoDefaultConstructor(long id) {
            this.id = id;
        }
    }

    public static class PrivateWithoutSetter {
        private long id;

        public long getId() {
            return id;
        }
    }

    public static class FinalField {
        public final long id = 1;
    }

    public class Inner {
        public long id;
    }

    public abstract static class Abstract {
        public long id;
    }

    public record Point(int x, int y, String label) {
    }

    public record Pair<A, B>(A first, B second) {
    }

    @Test
    void when_aClassFollowsThePojoRules_then_itIsAPojoWithItsFieldsSortedByName() {
        // When
        TypeInformation<Reading> type = TypeInformation.of(Reading.class);

        // Then
        PojoTypeInfo<Reading> pojo = assertInstanceOf(PojoTypeInfo.class, type);
        assertArrayEquals(new String[] {"sensor", "valid", "value"}, pojo.getFieldNames());
        assertEquals(Types.STRING, pojo.getTypeAt("sensor"));
        assertEquals(Types.DOUBLE, pojo.getTypeAt("value"));
        assertEquals(Types.BOOLEAN, pojo.getTypeAt(1));
        assertEquals(3, pojo.getArity());
        assertEquals(Reading.class, pojo.getTypeClass());
        assertInstanceOf(PojoSerializer.class, pojo.createSerializer(new SerializerConfig()));
        assertEquals(pojo, Types.POJO(Reading.class));
    }

    @Test
    void when_aClassBreaksARule_then_itIsGenericAndTypesPojoNamesTheRule() {
        // Given
        Map<Class<?>, String> rules = Map.of(
                NoDefaultConstructor.class, "it has no public no-argument constructor",
                PrivateWithoutSetter.class, "its field 'id' is not public and has no public setter setId(...)",
                FinalField.class, "its field 'id' is final",
                Inner.class, "it is a non-static inner class",
                Abstract.class, "it is abstract",
                Runnable.class, "it is an interface");

        rules.forEach((cls, rule) -> {
            // When / Then
            assertEquals(new GenericTypeInfo<>(cls), TypeInformation.of(cls), cls.getName());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Types.POJO(cls));
            assertTrue(e.getMessage().contains(cls.getName() + " is not a POJO: " + rule), e.getMessage());
        });
    }

    @Test
    void when_aGenericPojoIsExtractedFromAParameterizedType_then_itsTypeVariablesAreBoundInheritedFieldsToo() {
        // When
        PojoTypeInfo<Box<Long>> box = (PojoTypeInfo<Box<Long>>) TypeInformation.of(new TypeHint<Box<Long>>() {
        });

        // Then
        assertArrayEquals(new String[] {"id", "payload", "value"}, box.getFieldNames());
        assertEquals(Types.LONG, box.getTypeAt("value"));
        assertEquals(Types.LONG, box.getTypeAt("id"));
        // Lists belong to the container types; what matters here is that T was bound, not left to its bound.
        assertFalse(box.getTypeAt("payload").toString().contains("Object"), box.getTypeAt("payload").toString());
    }

    @Test
    void when_aPojoRefersToItself_then_theRecursiveFieldIsGeneric() {
        // When
        PojoTypeInfo<Node> node = (PojoTypeInfo<Node>) TypeInformation.of(Node.class);

        // Then
        assertEquals(new GenericTypeInfo<>(Node.class), node.getTypeAt("next"));
    }

    @Test
    void when_aRecordIsExtracted_then_itsComponentsAreInDeclarationOrderAndBound() {
        // When
        RecordTypeInfo<Point> point = (RecordTypeInfo<Point>) TypeInformation.of(Point.class);
        RecordTypeInfo<Pair<String, Long>> pair = (RecordTypeInfo<Pair<String, Long>>) TypeInformation.of(
                new TypeHint<Pair<String, Long>>() {
                });

        // Then
        assertEquals(List.of("x", "y", "label"), point.getComponentNames());
        assertEquals(Types.INT, point.getTypeAt(0));
        assertTrue(point.isImmutable());
        assertTrue(point.isKeyType());
        assertEquals(Types.STRING, pair.getTypeAt(0));
        assertEquals(Types.LONG, pair.getTypeAt(1));
        assertInstanceOf(RecordSerializer.class, point.createSerializer(new SerializerConfig()));
    }

    @Test
    void when_typesPojoIsGivenFieldTypes_then_onlyThoseFieldsAreSerialized() {
        // When
        PojoTypeInfo<Reading> pojo = (PojoTypeInfo<Reading>) Types.POJO(Reading.class,
                Map.of("sensor", Types.STRING));

        // Then
        assertArrayEquals(new String[] {"sensor"}, pojo.getFieldNames());
        assertThrows(IllegalArgumentException.class, () -> Types.POJO(Reading.class, Map.of("nope", Types.LONG)));
    }
}
