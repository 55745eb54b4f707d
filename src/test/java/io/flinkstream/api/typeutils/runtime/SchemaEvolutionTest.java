package io.flinkstream.api.typeutils.runtime;

import static io.flinkstream.api.typeutils.runtime.SerializerRoundTrips.read;
import static io.flinkstream.api.typeutils.runtime.SerializerRoundTrips.readSnapshot;
import static io.flinkstream.api.typeutils.runtime.SerializerRoundTrips.roundTrip;
import static io.flinkstream.api.typeutils.runtime.SerializerRoundTrips.write;
import static io.flinkstream.api.typeutils.runtime.SerializerRoundTrips.writeSnapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flinkstream.api.typeinfo.SerializerConfig;
import io.flinkstream.api.typeinfo.TypeInformation;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSchemaCompatibility;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * State written with one version of a class, read with the next: each test compiles both versions of
 * {@code evo.*}, writes a value and the serializer's snapshot with version 1, reads the snapshot with version 2's
 * class loader, and checks what it restores and how compatible the new serializer says it is.
 */
class SchemaEvolutionTest {

    /** What a restore with version 2 sees: the old snapshot read with v2's classes, the new serializer, the bytes. */
    private record Restore(TypeSerializerSnapshot<Object> oldSnapshot, TypeSerializer<Object> newSerializer,
                           byte[] oldBytes, ClassLoader v2) {
        TypeSerializerSchemaCompatibility<Object> compatibility() {
            return newSerializer.snapshotConfiguration().resolveSchemaCompatibility(oldSnapshot);
        }

        /** The old value read by the restored serializer, written again by the new one and read back. */
        Object migrated() throws Exception {
            Object restored = read(oldSnapshot.restoreSerializer(), oldBytes);
            return roundTrip(newSerializer, restored);
        }
    }

    private static Restore restore(Map<String, String> v1Sources, Map<String, String> v2Sources, String className,
                                   Factory v1Value) throws Exception {
        ClassLoader v1 = ClassVersions.compile(v1Sources);
        ClassLoader v2 = ClassVersions.compile(v2Sources);
        TypeSerializer<Object> oldSerializer = serializerOf(v1.loadClass(className));
        Object value = v1Value.make(v1);
        byte[] bytes = write(oldSerializer, value);
        byte[] snapshot = writeSnapshot(oldSerializer.snapshotConfiguration());
        return new Restore(readSnapshot(snapshot, v2), serializerOf(v2.loadClass(className)), bytes, v2);
    }

    /** Makes a value of version 1 of the classes, given their loader. */
    @FunctionalInterface
    private interface Factory {
        Object make(ClassLoader loader) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object> serializerOf(Class<?> cls) {
        return (TypeSerializer<Object>) TypeInformation.of(cls).createSerializer(new SerializerConfig());
    }

    private static Object field(Object target, String name) throws Exception {
        return target.getClass().getField(name).get(target);
    }

    private static Object newPojo(ClassLoader loader, String className, Object... namesAndValues) throws Exception {
        Object pojo = loader.loadClass(className).getConstructor().newInstance();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            pojo.getClass().getField((String) namesAndValues[i]).set(pojo, namesAndValues[i + 1]);
        }
        return pojo;
    }

    private static Object newRecord(ClassLoader loader, String className, Object... components) throws Exception {
        return loader.loadClass(className).getDeclaredConstructors()[0].newInstance(components);
    }

    private static Object component(Object record, String name) throws Exception {
        return record.getClass().getMethod(name).invoke(record);
    }

    private static final String COUNTER_V1 = "package evo; public class Counter {"
            + " public long id; public Long count; public String legacy; public Counter() {} }";

    @Test
    void when_aPojoGainsLosesAndRenamesFields_then_oldDataFillsTheKeptOnesAndMigrationIsNeeded() throws Exception {
        // Given: count renamed to total, legacy removed, unit added; v2's constructor sets defaults
        String v2 = "package evo; public class Counter {"
                + " public long id; public Long total = -1L; public String unit = \"ms\"; public Counter() {} }";
        Restore restore = restore(Map.of("evo.Counter", COUNTER_V1), Map.of("evo.Counter", v2), "evo.Counter",
                l -> newPojo(l, "evo.Counter", "id", 7L, "count", 3L, "legacy", "old"));

        // When
        Object migrated = restore.migrated();

        // Then
        assertTrue(restore.compatibility().isCompatibleAfterMigration(), restore.compatibility().toString());
        assertEquals(restore.v2(), migrated.getClass().getClassLoader());
        assertEquals(7L, field(migrated, "id"));
        assertEquals(-1L, field(migrated, "total"));
        assertEquals("ms", field(migrated, "unit"));
    }

    @Test
    void when_aPojoIsUnchangedAcrossVersions_then_itIsCompatibleAsIs() throws Exception {
        // Given
        Restore restore = restore(Map.of("evo.Counter", COUNTER_V1), Map.of("evo.Counter", COUNTER_V1),
                "evo.Counter", l -> newPojo(l, "evo.Counter", "id", 1L, "count", 2L));

        // When
        Object migrated = restore.migrated();

        // Then
        assertTrue(restore.compatibility().isCompatibleAsIs(), restore.compatibility().toString());
        assertEquals(2L, field(migrated, "count"));
        assertNull(field(migrated, "legacy"));
    }

    @Test
    void when_aPojoFieldChangesFromLongToString_then_itIsIncompatibleNamingTheFieldAndTypes() throws Exception {
        // Given
        String v2 = "package evo; public class Counter {"
                + " public long id; public String count; public String legacy; public Counter() {} }";
        Restore restore = restore(Map.of("evo.Counter", COUNTER_V1), Map.of("evo.Counter", v2), "evo.Counter",
                l -> newPojo(l, "evo.Counter", "count", 3L));

        // When
        TypeSerializerSchemaCompatibility<Object> compatibility = restore.compatibility();

        // Then
        assertTrue(compatibility.isIncompatible());
        assertEquals("field 'count' changed from java.lang.Long to java.lang.String", compatibility.reason());
    }

    @Test
    void when_aNestedPojoEvolves_then_theOuterOneNeedsMigrationOrNamesTheNestedField() throws Exception {
        // Given: Outer holds an Inner; v2's Inner gains a field, v3's changes one's type
        String outer = "package evo; public class Outer { public String name; public Inner inner; public Outer() {} }";
        String innerV1 = "package evo; public class Inner { public long a; public Inner() {} }";
        String innerV2 = "package evo; public class Inner { public long a; public String b = \"z\"; public Inner() {} }";
        String innerV3 = "package evo; public class Inner { public String a; public Inner() {} }";
        Factory value = l -> newPojo(l, "evo.Outer", "name", "n",
                "inner", newPojo(l, "evo.Inner", "a", 5L));
        Restore added = restore(Map.of("evo.Outer", outer, "evo.Inner", innerV1),
                Map.of("evo.Outer", outer, "evo.Inner", innerV2), "evo.Outer", value);
        Restore changed = restore(Map.of("evo.Outer", outer, "evo.Inner", innerV1),
                Map.of("evo.Outer", outer, "evo.Inner", innerV3), "evo.Outer", value);

        // When
        Object migrated = added.migrated();

        // Then
        assertTrue(added.compatibility().isCompatibleAfterMigration(), added.compatibility().toString());
        assertEquals("n", field(migrated, "name"));
        assertEquals(5L, field(field(migrated, "inner"), "a"));
        assertEquals("z", field(field(migrated, "inner"), "b"));
        assertTrue(changed.compatibility().isIncompatible());
        assertEquals("field 'inner': field 'a' changed from long to java.lang.String",
                changed.compatibility().reason());
    }

    private static final String READING_V1 = "package evo;"
            + " public record Reading(String sensor, double value, int legacy) {}";

    @Test
    void when_aRecordGainsLosesAndReordersComponents_then_newOnesGetDefaultsAndMigrationIsNeeded() throws Exception {
        // Given
        String v2 = "package evo; public record Reading(long seq, double value, String sensor, boolean ok, "
                + "Integer boxed) {}";
        Restore restore = restore(Map.of("evo.Reading", READING_V1), Map.of("evo.Reading", v2), "evo.Reading",
                l -> newRecord(l, "evo.Reading", "s1", 2.5, 9));

        // When
        Object migrated = restore.migrated();

        // Then
        assertTrue(restore.compatibility().isCompatibleAfterMigration(), restore.compatibility().toString());
        assertEquals("s1", component(migrated, "sensor"));
        assertEquals(2.5, component(migrated, "value"));
        assertEquals(0L, component(migrated, "seq"));
        assertEquals(false, component(migrated, "ok"));
        assertNull(component(migrated, "boxed"));
    }

    @Test
    void when_aRecordIsUnchangedOrAComponentChangesType_then_asIsOrIncompatibleWithTheReason() throws Exception {
        // Given
        String changedV2 = "package evo; public record Reading(String sensor, double value, String legacy) {}";
        Factory value = l -> newRecord(l, "evo.Reading", "s1", 2.5, 9);
        Restore same = restore(Map.of("evo.Reading", READING_V1), Map.of("evo.Reading", READING_V1),
                "evo.Reading", value);
        Restore changed = restore(Map.of("evo.Reading", READING_V1), Map.of("evo.Reading", changedV2),
                "evo.Reading", value);

        // When / Then
        assertTrue(same.compatibility().isCompatibleAsIs(), same.compatibility().toString());
        assertEquals(9, component(same.migrated(), "legacy"));
        assertTrue(changed.compatibility().isIncompatible());
        assertEquals("field 'legacy' changed from int to java.lang.String", changed.compatibility().reason());
    }

    @Test
    void when_aPojoBecomesARecord_then_itIsIncompatibleAndRestoringSaysWhy() throws Exception {
        // Given
        String v2 = "package evo; public record Counter(long id, Long count, String legacy) {}";
        Restore restore = restore(Map.of("evo.Counter", COUNTER_V1), Map.of("evo.Counter", v2), "evo.Counter",
                l -> newPojo(l, "evo.Counter", "id", 1L));

        // When
        TypeSerializerSchemaCompatibility<Object> compatibility = restore.compatibility();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> restore.oldSnapshot().restoreSerializer());

        // Then
        assertTrue(compatibility.isIncompatible());
        assertTrue(compatibility.reason().contains("evo.Counter was a POJO when the state was written and is now a "
                + "record"), compatibility.reason());
        assertTrue(e.getMessage().contains("written as a POJO, but evo.Counter is now a record"), e.getMessage());
    }
}
