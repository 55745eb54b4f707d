package io.flinkstream.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flinkstream.state.KeyGroupRange;

import java.util.zip.CRC32C;

/**
 * Where one blob of a snapshot lives, how big it is, and its checksum, as returned by
 * {@link SnapshotStore#write(long, String, String, byte[])} and listed in a checkpoint's {@link CheckpointMetadata}.
 * The location is relative to the store (for the built-in stores {@code chk-<id>/<taskKey>.<name>}), so a checkpoint
 * directory can be moved or mounted elsewhere and still be read.
 *
 * @param location the blob's name inside its store
 * @param size the blob's length in bytes
 * @param checksum the CRC-32C of the blob's bytes ({@link #checksumOf(byte[])})
 * @param kind what the blob holds; null only while a subtask has not tagged the handle yet
 * @param operatorId the operator whose state it is; null in checkpoints of metadata version 1, which had no ids
 * @param subtask the index of the subtask that wrote it, among the operator's subtasks of that run
 * @param keyGroupRange for keyed state, the key groups it holds; null for other kinds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StateHandle(String location, long size, long checksum, StateKind kind, OperatorId operatorId,
                          int subtask, KeyGroupRange keyGroupRange) {

    /** An untagged handle, as a {@link SnapshotStore} returns it from {@code write}. */
    public StateHandle(String location, long size, long checksum) {
        this(location, size, checksum, null, null, 0, null);
    }

    /** @throws IllegalArgumentException if {@code location} is blank, or {@code size} or {@code checksum} negative */
    public StateHandle {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("A state handle needs a location");
        }
        if (size < 0) {
            throw new IllegalArgumentException("A state handle's size cannot be negative: " + size);
        }
        if (checksum < 0 || checksum > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("A state handle's checksum must be a CRC-32C value: " + checksum);
        }
        if (subtask < 0) {
            throw new IllegalArgumentException("A state handle's subtask index cannot be negative: " + subtask);
        }
        if ((kind == StateKind.KEYED) != (keyGroupRange != null) && kind != null) {
            throw new IllegalArgumentException("A state handle has a key-group range exactly when it holds keyed "
                    + "state; " + location + " is " + kind + " with range " + keyGroupRange);
        }
    }

    /**
     * This handle, saying what it holds and whose it is: every handle a subtask acknowledges is tagged, so the
     * metadata records the kind, operator and key groups of every blob.
     *
     * @param keyGroupRange the key groups of keyed state; null for other kinds
     */
    public StateHandle tagged(StateKind kind, OperatorId operatorId, int subtask, KeyGroupRange keyGroupRange) {
        return new StateHandle(location, size, checksum, kind, operatorId, subtask, keyGroupRange);
    }

    /** The CRC-32C checksum every {@link SnapshotStore} records for a blob and verifies when reading it. */
    public static long checksumOf(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return crc.getValue();
    }

    /** Throws {@link CorruptSnapshotException} unless {@code bytes} have this handle's size and checksum. */
    public void verify(byte[] bytes, String readFrom) throws CorruptSnapshotException {
        if (bytes.length != size) {
            throw new CorruptSnapshotException(readFrom,
                    "it has " + bytes.length + " bytes but the checkpoint recorded " + size);
        }
        verify(bytes.length, checksumOf(bytes), readFrom);
    }

    /**
     * Throws {@link CorruptSnapshotException} unless a blob of {@code actualSize} bytes with CRC-32C
     * {@code actual} matches this handle: for stores that verify a blob while streaming it, without holding it.
     */
    public void verify(long actualSize, long actual, String readFrom) throws CorruptSnapshotException {
        if (actualSize != size) {
            throw new CorruptSnapshotException(readFrom,
                    "it has " + actualSize + " bytes but the checkpoint recorded " + size);
        }
        if (actual != checksum) {
            throw new CorruptSnapshotException(readFrom, String.format(
                    "its CRC-32C checksum is %08x but the checkpoint recorded %08x", actual, checksum));
        }
    }
}
