package io.flinkstream.checkpoint;

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
 */
public record StateHandle(String location, long size, long checksum) {

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
