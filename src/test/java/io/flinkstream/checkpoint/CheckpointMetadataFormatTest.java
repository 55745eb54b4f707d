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
                .replace("version=1", "version=9");

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
