package io.flinkstream.runtime.task;

import io.flinkstream.api.KeySelector;

/**
 * A keyed edge's key selector as the runtime calls it: on the sending subtask to pick the channel, and on a receiving
 * subtask of another node (or of a serialized batch) to get back the key its batch does not carry, as Flink calls it
 * on both sides. A failing selector or a null key fails the task naming the keyBy.
 */
final class KeyExtractor {
    private final KeySelector<Object, Object> keySelector;
    private final String keyBy;
    private final String readBack;

    /** @param keyBy the keyBy, for errors, e.g. "keyBy before Count" */
    KeyExtractor(KeySelector<Object, Object> keySelector, String keyBy) {
        this(keySelector, keyBy, "");
    }

    /**
     * @param readBack for a receiving subtask, what errors add about the record having been serialized and read back
     *                 (see {@link #readBackHint}); empty on the sending side
     */
    KeyExtractor(KeySelector<Object, Object> keySelector, String keyBy, String readBack) {
        this.keySelector = keySelector;
        this.keyBy = keyBy;
        this.readBack = readBack;
    }

    /** The key of {@code record}, never null. */
    Object keyOf(Object record) {
        Object key;
        try {
            key = keySelector.getKey(record);
        } catch (Exception e) {
            throw new UserCodeException(keyBy, e);
        }
        if (key == null) {
            throw new UserCodeException(keyBy, new NullPointerException(
                    "The key selector returned a null key for record " + record + ": keys must not be null"
                            + readBack));
        }
        return key;
    }

    /**
     * What a receiving subtask's errors add: its records were written and read back by their serializer, which gives
     * back no field it does not write (a transient one, say), and a key the sender derived from such a field is lost.
     *
     * @param records the records, as {@code JobGraph#describeRecordsOf} names them
     */
    static String readBackHint(String records) {
        return "; this key was derived where the record arrived, after " + records + " were serialized and read back:"
                + " the key must depend only on fields their serializer writes (not on transient fields, nor on fields"
                + " a POJO or record serializer skips)";
    }

    /** What errors add about the record having been read back; empty on the sending side. */
    String readBack() {
        return readBack;
    }

    /** The keyBy, for errors. */
    String keyBy() {
        return keyBy;
    }

    /** The description of the keyBy feeding {@code targetVertex}'s first operator, as errors name it. */
    static String describe(io.flinkstream.runtime.graph.JobGraph graph, int targetVertex) {
        return "keyBy before " + graph.vertex(targetVertex).chain().get(0).name();
    }
}
