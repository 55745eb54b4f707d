package io.flinkstream.api.typeutils.runtime;

import static io.flinkstream.api.typeutils.runtime.SerializerRoundTrips.readSnapshot;
import static io.flinkstream.api.typeutils.runtime.SerializerRoundTrips.roundTrip;
import static io.flinkstream.api.typeutils.runtime.SerializerRoundTrips.writeSnapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class PojoAndRecordSerializerTest {

    public static class Inner {
        public String tag;

        @Override
        public boolean equals(Object o) {
            return o instanceof Inner i && Objects.equals(i.tag, tag);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(tag);
        }
    }

    public static class Order {
        public long id;
        private String customer;
        public Double amount;
        public Inner inner;

        public String getCustomer() {
            return customer;
        }

        public void setCustomer(String customer) {
            this.customer = customer;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Order other && other.getClass() == getClass() && other.id == id
                    && Objects.equals(other.customer, customer) && Objects.equals(other.amount, amount)
                    && Objects.equals(other.inner, inner);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(id);
        }
    }

    public static class RushOrder extends Order {
        public int priority;

        @Override
        public boolean equals(Object o) {
            return super.equals(o) && ((RushOrder) o).priority == priority;
        }

        @Override
        public int hashCode() {
            return super.hashCode();
        }
    }

    public record Point(int x, int y, String label) {
    }

    public record Holder(String name, Inner inner) {
    }

    private static Order order() {
        Order order = new Order();
        order.id = 7;
        order.setCustomer("ada");
        order.amount = 12.5;
        order.inner = new Inner();
        order.inner.tag = "t";
        return order;
    }

    private static <T> TypeSerializer<T> serializerOf(Class<T> cls) {
        return TypeInformation.of(cls).createSerializer(new SerializerConfig());
    }

    @Test
    void when_aPojoRoundTrips_then_everyFieldNullsAndPrivateOnesIncludedComesBack() throws Exception {
        // Given
        TypeSerializer<Order> serializer = serializerOf(Order.class);
        Order withNulls = new Order();

        // When / Then
        assertEquals(order(), roundTrip(serializer, order()));
        assertEquals(withNulls, roundTrip(serializer, withNulls));
        assertNull(roundTrip(serializer, null));
        assertFalse(serializer.isImmutableType());
    }

    @Test
    void when_aSubclassIsWrittenAsThePojo_then_itComesBackAsItself() throws Exception {
        // Given
        TypeSerializer<Order> serializer = serializerOf(Order.class);
        RushOrder rush = new RushOrder();
        rush.id = 3;
        rush.priority = 9;

        // When
        Order back = roundTrip(serializer, rush);

        // Then
        assertInstanceOf(RushOrder.class, back);
        assertEquals(rush, back);
        assertEquals(rush, serializer.copy(rush));
    }

    @Test
    void when_aPojoIsCopied_then_theCopyIsDeep() {
        // Given
        TypeSerializer<Order> serializer = serializerOf(Order.class);
        Order original = order();

        // When
        Order copy = serializer.copy(original);

        // Then
        assertEquals(original, copy);
        assertNotSame(original.inner, copy.inner);
    }

    @Test
    void when_aPojoSerializerIsDuplicatedOrJavaSerialized_then_itStillWorks() throws Exception {
        // Given
        TypeSerializer<Order> serializer = serializerOf(Order.class);

        // When
        TypeSerializer<Order> duplicate = serializer.duplicate();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(serializer);
        }
        @SuppressWarnings("unchecked")
        TypeSerializer<Order> shipped = (TypeSerializer<Order>) new ObjectInputStream(
                new ByteArrayInputStream(bytes.toByteArray())).readObject();

        // Then
        assertNotSame(serializer, duplicate);
        assertEquals(serializer, duplicate);
        assertEquals(order(), roundTrip(duplicate, order()));
        assertEquals(order(), roundTrip(shipped, order()));
    }

    @Test
    void when_theSnapshotIsReadBackUnchanged_then_itIsCompatibleAsIsAndRestoresAWorkingSerializer() throws Exception {
        // Given
        TypeSerializer<Order> serializer = serializerOf(Order.class);
        TypeSerializerSnapshot<Order> snapshot = serializer.snapshotConfiguration();

        // When
        TypeSerializerSnapshot<Order> read = readSnapshot(writeSnapshot(snapshot), getClass().getClassLoader());

        // Then
        assertTrue(snapshot.resolveSchemaCompatibility(read).isCompatibleAsIs());
        assertEquals(order(), roundTrip(read.restoreSerializer(), order()));
        assertEquals(Order.class, SerializerSnapshots.typeOf(read));
    }

    @Test
    void when_aRecordRoundTrips_then_itIsBuiltThroughItsConstructorAndImmutableOnesAreNotCopied() throws Exception {
        // Given
        TypeSerializer<Point> points = serializerOf(Point.class);
        TypeSerializer<Holder> holders = serializerOf(Holder.class);
        Point point = new Point(1, 2, null);
        Inner inner = new Inner();
        inner.tag = "x";
        Holder holder = new Holder("h", inner);

        // When / Then
        assertEquals(point, roundTrip(points, point));
        assertNull(roundTrip(points, null));
        assertTrue(points.isImmutableType());
        assertSame(point, points.copy(point));
        assertFalse(holders.isImmutableType());
        assertEquals(holder, roundTrip(holders, holder));
        Holder copy = holders.copy(holder);
        assertEquals(holder, copy);
        assertNotSame(holder.inner(), copy.inner());
        TypeSerializerSnapshot<Holder> snapshot = readSnapshot(writeSnapshot(holders.snapshotConfiguration()),
                getClass().getClassLoader());
        assertTrue(holders.snapshotConfiguration().resolveSchemaCompatibility(snapshot).isCompatibleAsIs());
    }

    @Test
    void when_theKryoSnapshotMeetsAnOldPojoSnapshotOrTheReverse_then_migrationIsNeeded() {
        // Given
        TypeSerializerSnapshot<Order> pojo = serializerOf(Order.class).snapshotConfiguration();
        TypeSerializerSnapshot<Order> kryo = new KryoSerializer<>(Order.class, new SerializerConfig())
                .snapshotConfiguration();
        TypeSerializerSnapshot<Point> record = serializerOf(Point.class).snapshotConfiguration();
        TypeSerializerSnapshot<Point> kryoRecord = new KryoSerializer<>(Point.class, new SerializerConfig())
                .snapshotConfiguration();

        // When / Then
        assertTrue(kryo.resolveSchemaCompatibility(pojo).isCompatibleAfterMigration());
        assertTrue(pojo.resolveSchemaCompatibility(kryo).isCompatibleAfterMigration());
        assertTrue(kryoRecord.resolveSchemaCompatibility(record).isCompatibleAfterMigration());
        assertTrue(record.resolveSchemaCompatibility(kryoRecord).isCompatibleAfterMigration());
    }
}
