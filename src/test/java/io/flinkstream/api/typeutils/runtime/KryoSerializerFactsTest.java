package io.flinkstream.api.typeutils.runtime;

import static io.flinkstream.api.typeutils.runtime.SerializerRoundTrips.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.flinkstream.api.typeinfo.SerializerConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the generic serializer (Kryo) handles without help, each a fact the docs promise. */
class KryoSerializerFactsTest {

    /** Not Serializable, no no-argument constructor, final fields. */
    static final class Money {
        private final long cents;
        private final String currency;

        Money(long cents, String currency) {
            this.cents = cents;
            this.currency = currency;
        }
    }

    record Trade(String symbol, long quantity, List<String> tags) {
    }

    static class Animal {
        String name;
    }

    static final class Dog extends Animal {
        int barks;
    }

    static final class Pen {
        Animal animal;
    }

    static final class Link {
        String name;
        Link next;
    }

    private static <T> KryoSerializer<T> kryo(Class<T> type) {
        return new KryoSerializer<>(type, new SerializerConfig());
    }

    @Test
    void when_aClassIsNotSerializableAndHasNoNoArgConstructor_then_itRoundTrips() throws Exception {
        // When
        Money back = roundTrip(kryo(Money.class), new Money(250, "EUR"));

        // Then
        assertEquals(250, back.cents);
        assertEquals("EUR", back.currency);
    }

    @Test
    void when_aRecordOrImmutableCollectionsAreWritten_then_theyRoundTripAndCopy() throws Exception {
        // Given
        Trade trade = new Trade("ACME", 10, List.of("a", "b"));
        Map<String, Integer> map = Map.of("x", 1, "y", 2);
        Set<Long> set = Set.of(1L, 2L, 3L);

        // When / Then
        assertEquals(trade, roundTrip(kryo(Trade.class), trade));
        assertEquals(trade, kryo(Trade.class).copy(trade));
        assertEquals(List.of(1, 2, 3), roundTrip(kryo(Object.class), List.of(1, 2, 3)));
        assertEquals(List.of(), roundTrip(kryo(Object.class), List.of()));
        assertEquals(map, roundTrip(kryo(Object.class), map));
        assertEquals(set, roundTrip(kryo(Object.class), set));
        assertEquals(map, kryo(Object.class).copy(map));
    }

    @Test
    void when_aSubclassSitsInAFieldTypedAsItsSuperclass_then_itComesBackAsTheSubclass() throws Exception {
        // Given
        Dog dog = new Dog();
        dog.name = "rex";
        dog.barks = 3;
        Pen pen = new Pen();
        pen.animal = dog;

        // When
        Pen back = roundTrip(kryo(Pen.class), pen);

        // Then
        Dog backDog = assertInstanceOf(Dog.class, back.animal);
        assertEquals("rex", backDog.name);
        assertEquals(3, backDog.barks);
    }

    @Test
    void when_theObjectGraphHasACycle_then_theCycleIsKept() throws Exception {
        // Given
        Link a = new Link();
        Link b = new Link();
        a.name = "a";
        b.name = "b";
        a.next = b;
        b.next = a;

        // When
        Link back = roundTrip(kryo(Link.class), a);

        // Then
        assertEquals("b", back.next.name);
        assertSame(back, back.next.next);
    }

    @Test
    void when_nullIsWritten_then_nullComesBack() throws Exception {
        assertNull(roundTrip(kryo(Money.class), null));
        assertNull(kryo(Money.class).copy(null));
    }
}
