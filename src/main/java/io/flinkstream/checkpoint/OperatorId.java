package io.flinkstream.checkpoint;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * The stable identity of an operator (or source) across runs of a job, as Flink's {@code OperatorID}: the key under
 * which a checkpoint stores the operator's state and a restore looks it up. It is derived from the operator's
 * {@code uid(...)} when one is set, else from the operator's place in the graph (see
 * {@code io.flinkstream.runtime.graph.OperatorIdHasher}). Written as 32 lower-case hex digits (128 bits), which is
 * also how it appears in checkpoint metadata and blob names.
 *
 * @param hex 32 lower-case hex digits
 */
public record OperatorId(String hex) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{32}");

    /** @throws IllegalArgumentException unless {@code hex} is 32 lower-case hex digits */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public OperatorId {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("An operator id is 32 lower-case hex digits, was '" + hex + "'");
        }
    }

    /** The id of the first 16 bytes of {@code digest}. */
    public static OperatorId ofBytes(byte[] digest) {
        if (digest.length < 16) {
            throw new IllegalArgumentException("An operator id needs 16 bytes, got " + digest.length);
        }
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < 16; i++) {
            sb.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
        }
        return new OperatorId(sb.toString());
    }

    /** The hex digits, as written to JSON. */
    @JsonValue
    @Override
    public String hex() {
        return hex;
    }

    @Override
    public String toString() {
        return hex;
    }
}
