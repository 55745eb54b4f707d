package io.flinkstream.api.typeutils;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link TypeSerializer} keeps, checked on sample values: what it writes it reads back equal,
 * copies are equal and (for mutable types) independent, duplicates work, a snapshot written and read back restores a
 * serializer that reads the original's data and is compatible as is with it, and truncated data fails with an
 * {@link IOException} rather than giving garbage.
 *
 * <p>A concrete test gives the serializer and the samples, and where values are mutable, a way to change one:
 *
 * <pre>{@code
 * class ListSerializerTest extends SerializerTestBase<List<Long>> {
 *     protected TypeSerializer<List<Long>> createSerializer() { return new ListSerializer<>(LongSerializer.INSTANCE); }
 *     protected List<List<Long>> testData() { return List.of(List.of(), new ArrayList<>(List.of(1L, 2L))); }
 *     protected boolean mutate(List<Long> value) { value.add(9L); return true; }
 * }
 * }</pre>
 *
 * @param <T> the type serialized
 */
public abstract class SerializerTestBase<T> {

    /** A new serializer under test. */
    protected abstract TypeSerializer<T> createSerializer();

    /** Sample values, covering the edge cases (empty, null fields, nesting); none is null itself. */
    protected abstract List<T> testData();

    /**
     * Changes {@code value} in place, to check that copies are independent; returns false when the value cannot be
     * changed (an empty array, Tuple0), and by default, for types without a way to change them.
     */
    protected boolean mutate(T value) {
        return false;
    }

    /** Whether two values are equal; {@link Objects#deepEquals} by default, so arrays compare by content. */
    protected boolean valuesEqual(T expected, T actual) {
        return Objects.deepEquals(expected, actual);
    }

    /** Whether {@code copy} may return its argument for a mutable type (true for stateless values like Tuple0). */
    protected boolean copyMayReturnSameInstance() {
        return false;
    }

    private void assertValueEquals(T expected, T actual, String what) {
        if (!valuesEqual(expected, actual)) {
            fail(what + ": expected <" + show(expected) + "> but was <" + show(actual) + ">");
        }
    }

    private static String show(Object value) {
        return value instanceof Object[] array ? java.util.Arrays.deepToString(array)
                : value != null && value.getClass().isArray() ? java.util.Arrays.deepToString(new Object[] {value})
                : String.valueOf(value);
    }

    /** Serializes {@code value} with {@code serializer}. */
    protected byte[] serialize(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(32);
        serializer.serialize(value, out);
        return out.toByteArray();
    }

    /** Deserializes one value from {@code bytes}, checking that all of them were read. */
    protected T deserialize(TypeSerializer<T> serializer, byte[] bytes) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        T value = serializer.deserialize(in);
        assertEquals(0, in.available(), "bytes left after reading a value");
        return value;
    }

    @Test
    void when_each_value_is_serialized_then_it_deserializes_equal() throws IOException {
        TypeSerializer<T> serializer = createSerializer();
        for (T value : testData()) {
            byte[] bytes = serialize(serializer, value);
            assertValueEquals(value, deserialize(serializer, bytes), "round trip");
            if (serializer.getLength() >= 0) {
                assertEquals(serializer.getLength(), bytes.length, "getLength() of " + show(value));
            }
        }
    }

    @Test
    void when_values_are_written_one_after_another_then_they_read_back_in_order() throws IOException {
        // Given all samples in one buffer
        TypeSerializer<T> serializer = createSerializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (T value : testData()) {
            serializer.serialize(value, out);
        }
        // When read back, with a reuse instance
        DataInputDeserializer in = new DataInputDeserializer(out.toByteArray());
        for (T value : testData()) {
            assertValueEquals(value, serializer.deserialize(serializer.createInstance(), in), "reuse read");
        }
        // Then every byte was read
        assertEquals(0, in.available());
    }

    @Test
    void when_serialized_bytes_are_copied_then_the_copy_reads_the_same() throws IOException {
        TypeSerializer<T> serializer = createSerializer();
        for (T value : testData()) {
            byte[] bytes = serialize(serializer, value);
            DataOutputSerializer out = new DataOutputSerializer(32);
            serializer.copy(new DataInputDeserializer(bytes), out);
            assertArrayEquals(bytes, out.toByteArray());
        }
    }

    @Test
    void when_a_value_is_copied_then_the_copy_is_equal_and_independent() throws IOException {
        TypeSerializer<T> serializer = createSerializer();
        for (T value : testData()) {
            // Given a copy
            byte[] before = serialize(serializer, value);
            T copy = serializer.copy(value);
            assertValueEquals(value, copy, "copy");
            assertValueEquals(value, serializer.copy(value, serializer.createInstance()), "copy into reuse");
            if (serializer.isImmutableType()) {
                continue;
            }
            if (!copyMayReturnSameInstance()) {
                assertNotSame(value, copy, "a mutable value's copy must be a new object");
            }
            // When the copy changes
            if (copy != value && mutate(copy)) {
                // Then the original does not
                assertArrayEquals(before, serialize(serializer, value), "the original changed with its copy");
                assertFalse(valuesEqual(value, copy), "mutate() did not change the copy");
            }
        }
    }

    @Test
    void when_duplicated_then_the_duplicate_is_equal_and_works_alongside() throws IOException {
        TypeSerializer<T> serializer = createSerializer();
        TypeSerializer<T> duplicate = serializer.duplicate();
        assertEquals(serializer, duplicate);
        assertEquals(serializer.hashCode(), duplicate.hashCode());
        for (T value : testData()) {
            byte[] bytes = serialize(serializer, value);
            assertArrayEquals(bytes, serialize(duplicate, value));
            assertValueEquals(value, deserialize(duplicate, bytes), "duplicate reading the original's bytes");
            assertValueEquals(value, duplicate.copy(value), "duplicate's copy");
        }
    }

    @Test
    void when_java_serialized_then_the_serializer_still_works() throws Exception {
        TypeSerializer<T> serializer = createSerializer();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(serializer);
        }
        @SuppressWarnings("unchecked")
        TypeSerializer<T> shipped = (TypeSerializer<T>) new ObjectInputStream(
                new ByteArrayInputStream(bytes.toByteArray())).readObject();
        assertEquals(serializer, shipped);
        for (T value : testData()) {
            assertValueEquals(value, deserialize(shipped, serialize(serializer, value)), "shipped serializer");
        }
    }

    /** Writes {@code snapshot} with its class and version and reads it back, as a checkpoint does. */
    protected static <X> TypeSerializerSnapshot<X> writeAndRead(TypeSerializerSnapshot<X> snapshot) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        DataInputDeserializer in = new DataInputDeserializer(out.toByteArray());
        TypeSerializerSnapshot<X> read = TypeSerializerSnapshot.readVersionedSnapshot(in,
                Thread.currentThread().getContextClassLoader());
        assertEquals(0, in.available(), "bytes left after reading a snapshot");
        return read;
    }

    @Test
    void when_the_snapshot_is_restored_then_its_serializer_reads_the_original_data() throws IOException {
        // Given data and a snapshot written by the serializer
        TypeSerializer<T> serializer = createSerializer();
        TypeSerializerSnapshot<T> restored = writeAndRead(serializer.snapshotConfiguration());
        // When the snapshot restores a serializer
        TypeSerializer<T> reader = restored.restoreSerializer();
        // Then it reads the data, and writes it the same way
        for (T value : testData()) {
            byte[] bytes = serialize(serializer, value);
            assertValueEquals(value, deserialize(reader, bytes), "restored serializer");
            assertArrayEquals(bytes, serialize(reader, value), "restored serializer's bytes");
        }
    }

    @Test
    void when_the_same_serializer_resolves_its_own_snapshot_then_it_is_compatible_as_is() throws IOException {
        TypeSerializer<T> serializer = createSerializer();
        TypeSerializerSnapshot<T> old = writeAndRead(serializer.snapshotConfiguration());
        TypeSerializerSchemaCompatibility<T> compatibility =
                createSerializer().snapshotConfiguration().resolveSchemaCompatibility(old);
        assertTrue(compatibility.isCompatibleAsIs(), "self-compatibility was " + compatibility);
        TypeSerializerSchemaCompatibility<T> restoredAgainstOld =
                old.restoreSerializer().snapshotConfiguration().resolveSchemaCompatibility(old);
        assertTrue(restoredAgainstOld.isCompatibleAsIs(), "restored serializer: " + restoredAgainstOld);
    }

    @Test
    void when_the_bytes_are_truncated_then_reading_throws_an_IOException() throws IOException {
        TypeSerializer<T> serializer = createSerializer();
        for (T value : testData()) {
            byte[] bytes = serialize(serializer, value);
            for (int cut = 0; cut < bytes.length; cut++) {
                byte[] truncated = java.util.Arrays.copyOf(bytes, cut);
                int length = cut;
                assertThrows(IOException.class,
                        () -> serializer.deserialize(new DataInputDeserializer(truncated)),
                        () -> show(value) + " cut to " + length + " of " + bytes.length + " bytes");
            }
        }
    }
}
