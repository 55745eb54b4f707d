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

    /** @param keyBy the keyBy, for errors, e.g. "keyBy before Count" */
    KeyExtractor(KeySelector<Object, Object> keySelector, String keyBy) {
        this.keySelector = keySelector;
        this.keyBy = keyBy;
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
                    "The key selector returned a null key for record " + record + ": keys must not be null"));
        }
        return key;
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
