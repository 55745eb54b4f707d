package io.flinkstream.checkpoint;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.flinkstream.state.KeyGroupRange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The byte format of {@link CheckpointMetadata}: one header line, then the metadata as JSON, so that an operator can
 * read a checkpoint's {@code _metadata} with {@code cat}:
 *
 * <pre>
 * FLINKSTREAM-CHECKPOINT-METADATA version=2 length=1412 crc32c=5c1f07a2
 * {
 *   "jobId" : "3f2a...",
 *   "checkpointId" : 7,
 *   "timestamp" : 1700000000000,
 *   "operators" : [ { "id" : "9c1e...", "name" : "Count", "parallelism" : 2, "maxParallelism" : 128 }, ... ],
 *   "taskStates" : {
 *     "v1-s0" : [ { "location" : "chk-7/v1-s0.keyed", "size" : 2811, "checksum" : 31337,
 *                   "kind" : "KEYED", "operatorId" : "9c1e...", "subtask" : 0,
 *                   "keyGroupRange" : { "startKeyGroup" : 0, "endKeyGroup" : 63 } } ],
 *     ...
 *   }
 * }
 * </pre>
 *
 * <p>Version 2 records the job's operators and tags every handle with its kind, operator and subtask (and key-group
 * range for keyed state). Version 1 had neither; it is still read, mapped to version 2 with what can be known: the
 * kind from the blob's name and the subtask from its task key, no operator ids and no operators, so such a checkpoint
 * restores only by position (same job, same parallelism).
 *
 * <p>{@code length} and {@code crc32c} cover the JSON bytes after the header line. {@link #decode(byte[], String)}
 * checks the magic word, the version, the length and the checksum, and reports any mismatch as a
 * {@link CorruptSnapshotException} naming the file. A store that keeps metadata should store exactly these bytes.
 */
public final class CheckpointMetadataFormat {
    /** The format version this code writes; it reads every version up to this one. */
    public static final int CURRENT_VERSION = 2;

    private static final String MAGIC = "FLINKSTREAM-CHECKPOINT-METADATA";
    private static final int MAX_HEADER_LENGTH = 256;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .addMixIn(KeyGroupRange.class, KeyGroupRangeJson.class);
    private static final Pattern TASK_KEY = Pattern.compile("v\\d+-s(\\d+)");

    /** A key-group range is written as its two bounds, not as the iterable it also is. */
    @JsonFormat(shape = JsonFormat.Shape.OBJECT)
    @JsonIgnoreProperties(value = {"empty"}, ignoreUnknown = true)
    @JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    private abstract static class KeyGroupRangeJson {
    }

    private CheckpointMetadataFormat() {
    }

    /** The bytes to store for {@code metadata}: header line plus JSON. */
    public static byte[] encode(CheckpointMetadata metadata) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize the metadata of checkpoint "
                    + metadata.checkpointId(), e);
        }
        CRC32C crc = new CRC32C();
        crc.update(body, 0, body.length);
        String header = String.format("%s version=%d length=%d crc32c=%08x\n", MAGIC, CURRENT_VERSION, body.length,
                crc.getValue());
        byte[] headerBytes = header.getBytes(StandardCharsets.US_ASCII);
        byte[] result = Arrays.copyOf(headerBytes, headerBytes.length + body.length);
        System.arraycopy(body, 0, result, headerBytes.length, body.length);
        return result;
    }

    /**
     * Reads metadata written by {@link #encode(CheckpointMetadata)}.
     *
     * @param bytes the stored bytes
     * @param location where they were read from, for error messages (an absolute path for files)
     * @throws CorruptSnapshotException if the bytes are truncated, damaged, not metadata, or of a newer version
     */
    public static CheckpointMetadata decode(byte[] bytes, String location) throws CorruptSnapshotException {
        int newline = indexOfNewline(bytes);
        if (newline < 0) {
            throw new CorruptSnapshotException(location, "it does not start with a FlinkStream metadata header");
        }
        Map<String, String> header = parseHeader(new String(bytes, 0, newline, StandardCharsets.US_ASCII), location);
        int version = intField(header, "version", location);
        if (version < 1 || version > CURRENT_VERSION) {
            throw new CorruptSnapshotException(location, "it has metadata format version " + version
                    + ", but this FlinkStream reads versions 1 to " + CURRENT_VERSION
                    + " (was it written by a newer FlinkStream?)");
        }
        int length = intField(header, "length", location);
        int bodyLength = bytes.length - newline - 1;
        if (bodyLength != length) {
            throw new CorruptSnapshotException(location, "its header says " + length + " bytes of metadata follow, but "
                    + bodyLength + " do (truncated or appended to)");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, newline + 1, bodyLength);
        long expected = hexField(header, "crc32c", location);
        if (crc.getValue() != expected) {
            throw new CorruptSnapshotException(location, String.format(
                    "its CRC-32C checksum is %08x but its header says %08x", crc.getValue(), expected));
        }
        try {
            CheckpointMetadata metadata = JSON.readValue(bytes, newline + 1, bodyLength, CheckpointMetadata.class);
            return version == 1 ? fromVersion1(metadata) : metadata;
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptSnapshotException(location, "its checksum matches but it is not valid metadata ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * Version 1 had no operators and untagged handles: the kind is known from the blob's name (the only place that
     * still reads it) and the subtask from the task key; the operator is not known.
     */
    private static CheckpointMetadata fromVersion1(CheckpointMetadata read) {
        Map<String, List<StateHandle>> tagged = new TreeMap<>();
        read.taskStates().forEach((taskKey, handles) -> {
            Matcher m = TASK_KEY.matcher(taskKey);
            int subtask = m.matches() ? Integer.parseInt(m.group(1)) : 0;
            List<StateHandle> list = new ArrayList<>();
            for (StateHandle h : handles) {
                StateKind kind = h.location().endsWith(".keyed") ? StateKind.KEYED
                        : h.location().endsWith(".operator") ? StateKind.OPERATOR : StateKind.SOURCE;
                list.add(new StateHandle(h.location(), h.size(), h.checksum(), kind, null, subtask,
                        kind == StateKind.KEYED ? KeyGroupRange.EMPTY : null));
            }
            tagged.put(taskKey, list);
        });
        return new CheckpointMetadata(read.jobId(), read.checkpointId(), read.timestamp(), List.of(), tagged);
    }

    private static int indexOfNewline(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, MAX_HEADER_LENGTH); i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> parseHeader(String line, String location) throws CorruptSnapshotException {
        String[] parts = line.trim().split(" ");
        if (!MAGIC.equals(parts[0])) {
            throw new CorruptSnapshotException(location, "it does not start with " + MAGIC);
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
        }
        return fields;
    }

    private static int intField(Map<String, String> header, String name, String location)
            throws CorruptSnapshotException {
        try {
            return Integer.parseInt(header.getOrDefault(name, ""));
        } catch (NumberFormatException e) {
            throw new CorruptSnapshotException(location, "its header has no valid " + name);
        }
    }

    private static long hexField(Map<String, String> header, String name, String location)
            throws CorruptSnapshotException {
        try {
            return Long.parseLong(header.getOrDefault(name, ""), 16);
        } catch (NumberFormatException e) {
            throw new CorruptSnapshotException(location, "its header has no valid " + name);
        }
    }
}
