package io.flinkstream.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Flink-to-FlinkStream table: its rows, and how names, nested names and wildcards resolve. */
class ImportMappingTest {

    private final ImportMapping shipped = ImportMapping.flinkToFlinkStream();

    private static ImportMapping.Resolution mapped(String name) {
        return new ImportMapping.Resolution.Mapped(name);
    }

    @Test
    void when_a_class_moved_between_flink_versions_then_both_locations_map_to_the_same_class() {
        // When / Then
        assertEquals(mapped("io.flinkstream.api.SinkFunction"),
                shipped.resolve("org.apache.flink.streaming.api.functions.sink.SinkFunction"));
        assertEquals(mapped("io.flinkstream.api.SinkFunction"),
                shipped.resolve("org.apache.flink.streaming.api.functions.sink.legacy.SinkFunction"));
        assertEquals(mapped("io.flinkstream.api.CheckpointingMode"),
                shipped.resolve("org.apache.flink.streaming.api.CheckpointingMode"));
        assertEquals(mapped("io.flinkstream.api.CheckpointingMode"),
                shipped.resolve("org.apache.flink.core.execution.CheckpointingMode"));
    }

    @Test
    void when_a_nested_class_or_member_is_resolved_then_it_follows_its_outer_class_unless_it_has_its_own_row() {
        // When / Then
        assertEquals(mapped("io.flinkstream.api.KeyedProcessFunction.Context"),
                shipped.resolve("org.apache.flink.streaming.api.functions.KeyedProcessFunction.Context"));
        assertEquals(mapped("io.flinkstream.api.RestartStrategyConfiguration"), shipped.resolve(
                "org.apache.flink.api.common.restartstrategy.RestartStrategies.RestartStrategyConfiguration"));
        assertInstanceOf(ImportMapping.Resolution.Unmapped.class,
                shipped.resolve("org.apache.flink.api.common.functions.MapFunctionThatIsNot"));
    }

    @Test
    void when_a_wildcard_is_resolved_then_a_package_maps_only_if_its_classes_share_one_flinkstream_package() {
        // When / Then
        assertEquals(mapped("io.flinkstream.api.source"),
                shipped.resolveWildcard("org.apache.flink.api.connector.source"));
        assertEquals(mapped("io.flinkstream.api.typeinfo"),
                shipped.resolveWildcard("org.apache.flink.api.java.typeutils"));
        assertInstanceOf(ImportMapping.Resolution.Unmapped.class,
                shipped.resolveWildcard("org.apache.flink.api.common.state"));
        assertInstanceOf(ImportMapping.Resolution.Unmapped.class,
                shipped.resolveWildcard("org.apache.flink.streaming.api.windowing.time"));
        assertInstanceOf(ImportMapping.Resolution.Unmapped.class,
                shipped.resolveWildcard("org.apache.flink.api.common.restartstrategy.RestartStrategies"));
    }

    @Test
    void when_the_shipped_table_is_read_then_it_covers_the_main_classes() {
        // When
        var classes = shipped.classes();

        // Then
        assertEquals("io.flinkstream.api.tuple.Tuple25", classes.get("org.apache.flink.api.java.tuple.Tuple25"));
        assertEquals("io.flinkstream.api.state.ValueStateDescriptor",
                classes.get("org.apache.flink.api.common.state.ValueStateDescriptor"));
        assertEquals("io.flinkstream.api.typeinfo.TypeHint",
                classes.get("org.apache.flink.api.common.typeinfo.TypeHint"));
        assertTrue(classes.size() > 100, "rows: " + classes.size());
    }

    @Test
    void when_a_row_renames_the_class_then_parsing_fails_and_names_the_row() {
        // Given
        List<String> rows = List.of("# comment", "",
                "org.apache.flink.x.SingleOutputStreamOperator\tio.flinkstream.api.DataStream");

        // When
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImportMapping.parse(rows));

        // Then
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("simple names differ"),
                e.getMessage());
    }

    @Test
    void when_a_flink_name_is_mapped_twice_then_parsing_fails() {
        // Given
        List<String> rows = List.of("org.apache.flink.util.Collector\tio.flinkstream.api.Collector",
                "org.apache.flink.util.Collector\tio.flinkstream.other.Collector");

        // When / Then
        assertThrows(IllegalArgumentException.class, () -> ImportMapping.parse(rows));
    }
}
