package io.flinkstream.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointMetadataFormatTest {
    private static final CheckpointMetadata METADATA = new CheckpointMetadata("job1", 42, 1_700_000_000_000L,
            Map.of("v1-s0", List.of(new StateHandle("chk-42/v1-s0.keyed-state", 1234, 0xCAFEBABEL)),
                    "v0-s0", List.of()));

    @Test
    void when_metadataIsEncodedAndDecoded_then_itIsEqual() throws Exception {
        // Given / When
        byte[] bytes = CheckpointMetadataFormat.encode(METADATA);

        // Then
        assertEquals(METADATA, CheckpointMetadataFormat.decode(bytes, "test"));
        assertEquals(List.of("v0-s0", "v1-s0"), List.copyOf(METADATA.taskStates().keySet()));
        assertEquals(1234, METADATA.stateSize());
    }

    @Test
    void when_version_2_metadata_with_operators_and_tagged_handles_is_encoded_then_it_reads_back_equal_and_readable()
            throws Exception {
        // Given
        OperatorId count = new OperatorId("0123456789abcdef0123456789abcdef");
        OperatorId source = new OperatorId("fedcba9876543210fedcba9876543210");
        CheckpointMetadata metadata = new CheckpointMetadata("job1", 7, 1_700_000_000_000L,
                List.of(new OperatorMetadata(source, "Source: numbers", 2, 128),
                        new OperatorMetadata(count, "Count", 2, 128)),
                Map.of("v1-s1", List.of(new StateHandle("chk-7/v1-s1.keyed", 10, 5).tagged(StateKind.KEYED, count, 1,
                                io.flinkstream.state.KeyGroupRange.of(64, 127))),
                        "v0-s1", List.of(new StateHandle("chk-7/v0-s1.source", 3, 6).tagged(StateKind.SOURCE, source,
                                1, null))));

        // When
        byte[] bytes = CheckpointMetadataFormat.encode(metadata);

        // Then
        assertEquals(metadata, CheckpointMetadataFormat.decode(bytes, "test"));
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("FLINKSTREAM-CHECKPOINT-METADATA version=2 "), text);
        assertTrue(text.contains("\"kind\" : \"KEYED\"") && text.contains("\"operatorId\" : \"" + count.hex() + "\"")
                && text.contains("\"startKeyGroup\" : 64") && text.contains("\"maxParallelism\" : 128"), text);
    }

    @Test
    void when_version_1_metadata_is_read_then_kinds_and_subtasks_are_mapped_and_no_operator_is_claimed()
            throws Exception {
        // Given metadata as version 1 wrote it: untagged handles, no operators
        String json = "{\"jobId\":\"job1\",\"checkpointId\":3,\"timestamp\":5,\"taskStates\":{"
                + "\"v0-s1\":[{\"location\":\"chk-3/v0-s1.source\",\"size\":4,\"checksum\":1}],"
                + "\"v1-s0\":[{\"location\":\"chk-3/v1-s0.keyed\",\"size\":4,\"checksum\":2},"
                + "{\"location\":\"chk-3/v1-s0.operator\",\"size\":4,\"checksum\":3}]}}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body);
        byte[] header = String.format("FLINKSTREAM-CHECKPOINT-METADATA version=1 length=%d crc32c=%08x\n",
                body.length, crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, bytes, header.length, body.length);

        // When
        CheckpointMetadata read = CheckpointMetadataFormat.decode(bytes, "v1");

        // Then
        assertTrue(read.operators().isEmpty());
        assertTrue(read.hasUntaggedHandles());
        StateHandle source = read.taskStates().get("v0-s1").get(0);
        assertEquals(StateKind.SOURCE, source.kind());
        assertEquals(1, source.subtask());
        assertEquals(List.of(StateKind.KEYED, StateKind.OPERATOR),
                read.taskStates().get("v1-s0").stream().map(StateHandle::kind).toList());
    }

    @Test
    void when_bytesAreTruncated_then_decodingSaysSo() {
        // Given
        byte[] bytes = CheckpointMetadataFormat.encode(METADATA);

        // When
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
                () -> CheckpointMetadataFormat.decode(Arrays.copyOf(bytes, bytes.length - 10),
                        "/ckpt/chk-42/_metadata"));

        // Then
        assertTrue(e.getMessage().startsWith("Checkpoint file /ckpt/chk-42/_metadata is damaged"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void when_versionIsNewer_then_decodingNamesTheVersions() {
        // Given
        String text = new String(CheckpointMetadataFormat.encode(METADATA), StandardCharsets.UTF_8)
                .replace("version=2", "version=9");

        // When
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
                () -> CheckpointMetadataFormat.decode(text.getBytes(StandardCharsets.UTF_8), "m"));

        // Then
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }

    @Test
    void when_bytesAreNotMetadata_then_decodingSaysSo() {
        // Given
        byte[] bytes = "{\"hello\": 1}\n".getBytes(StandardCharsets.UTF_8);

        // When / Then
        assertThrows(CorruptSnapshotException.class, () -> CheckpointMetadataFormat.decode(bytes, "m"));
        assertThrows(CorruptSnapshotException.class, () -> CheckpointMetadataFormat.decode(new byte[0], "m"));
    }

    @Test
    void when_checksumMatchesButJsonIsWrong_then_decodingSaysItIsNotMetadata() {
        // Given: a valid header around JSON of another shape
        byte[] body = "{\"unexpected\":true}".getBytes(StandardCharsets.UTF_8);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body);
        String header = String.format("FLINKSTREAM-CHECKPOINT-METADATA version=1 length=%d crc32c=%08x\n",
                body.length, crc.getValue());
        byte[] bytes = (header + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);

        // When
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
                () -> CheckpointMetadataFormat.decode(bytes, "m"));

        // Then
        assertTrue(e.getMessage().contains("not valid metadata"), e.getMessage());
    }
}
