package io.flinkstream.api.typeutils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.api.typeutils.runtime.EnumSerializer;
import io.flinkstream.api.typeutils.runtime.EnumSerializer.EnumSerializerSnapshot;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The enum serializer against the common contract, and its evolution: a snapshot taken when the enum had other
 * constants (built here from the names it would have stored) against the current enum.
 */
class EnumSerializerTest extends SerializerTestBase<EnumSerializerTest.Color> {

    enum Color { RED, GREEN, BLUE }

    @Override
    protected TypeSerializer<Color> createSerializer() {
        return new EnumSerializer<>(Color.class);
    }

    @Override
    protected List<Color> testData() {
        return List.of(Color.RED, Color.GREEN, Color.BLUE);
    }

    /** The snapshot stored when Color had {@code names}, read back as a checkpoint would. */
    private static TypeSerializerSnapshot<Color> storedWhenConstantsWere(String... names) throws IOException {
        return writeAndRead(new EnumSerializerSnapshot<>(Color.class, List.of(names)));
    }

    private static TypeSerializerSchemaCompatibility<Color> compatibilityWith(TypeSerializerSnapshot<Color> old) {
        return new EnumSerializer<>(Color.class).snapshotConfiguration().resolveSchemaCompatibility(old);
    }

    private static byte[] write(TypeSerializer<Color> serializer, Color value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(4);
        serializer.serialize(value, out);
        return out.toByteArray();
    }

    private static Color read(TypeSerializer<Color> serializer, byte[] bytes) throws IOException {
        return serializer.deserialize(new DataInputDeserializer(bytes));
    }

    @Test
    void when_the_snapshot_is_written_then_it_stores_the_constant_names_in_order() throws IOException {
        EnumSerializerSnapshot<Color> read = (EnumSerializerSnapshot<Color>) writeAndRead(
                new EnumSerializer<>(Color.class).snapshotConfiguration());
        assertEquals(List.of("RED", "GREEN", "BLUE"), read.getConstantNames());
    }

    @Test
    void when_constants_were_reordered_then_migration_reads_old_positions_by_name() throws IOException {
        // Given state written when the order was BLUE, RED, GREEN
        TypeSerializerSnapshot<Color> old = storedWhenConstantsWere("BLUE", "RED", "GREEN");
        TypeSerializer<Color> oldSerializer = old.restoreSerializer();
        byte[] blue = write(oldSerializer, Color.BLUE);
        // When the current enum resolves it
        TypeSerializerSchemaCompatibility<Color> result = compatibilityWith(old);
        // Then it is compatible after migration, and the old position 0 still means BLUE
        assertTrue(result.isCompatibleAfterMigration(), result.toString());
        assertEquals(0, blue[0]);
        assertEquals(Color.BLUE, read(oldSerializer, blue));
        assertEquals(Color.BLUE, read(new EnumSerializer<>(Color.class), write(new EnumSerializer<>(Color.class),
                read(oldSerializer, blue))));
    }

    @Test
    void when_a_constant_was_added_then_old_state_migrates() throws IOException {
        // Given state written before BLUE existed
        TypeSerializerSnapshot<Color> old = storedWhenConstantsWere("RED", "GREEN");
        // When / Then
        assertTrue(compatibilityWith(old).isCompatibleAfterMigration());
        TypeSerializer<Color> oldSerializer = old.restoreSerializer();
        assertEquals(Color.GREEN, read(oldSerializer, write(oldSerializer, Color.GREEN)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> write(oldSerializer, Color.BLUE));
        assertTrue(e.getMessage().contains("BLUE"), e.getMessage());
    }

    @Test
    void when_a_constant_was_removed_then_it_is_incompatible_naming_the_constant() throws IOException {
        // Given state written when PURPLE existed
        TypeSerializerSnapshot<Color> old = storedWhenConstantsWere("RED", "GREEN", "BLUE", "PURPLE");
        // When
        TypeSerializerSchemaCompatibility<Color> result = compatibilityWith(old);
        // Then
        assertTrue(result.isIncompatible());
        assertTrue(result.reason().contains("PURPLE"), result.reason());
        IOException e = assertThrows(IOException.class, () -> read(old.restoreSerializer(), new byte[] {3}));
        assertTrue(e.getMessage().contains("no longer exists"), e.getMessage());
    }

    @Test
    void when_the_constants_are_unchanged_then_it_is_compatible_as_is() throws IOException {
        assertTrue(compatibilityWith(storedWhenConstantsWere("RED", "GREEN", "BLUE")).isCompatibleAsIs());
    }

    @Test
    void when_a_position_is_out_of_range_then_reading_fails() {
        assertThrows(IOException.class, () -> read(new EnumSerializer<>(Color.class), new byte[] {5}));
    }
}
