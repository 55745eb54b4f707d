package io.flinkstream.runtime.task;

import io.flinkstream.runtime.task.SubtaskCheckpointing.TriggerAnswer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a subtask answers a checkpoint trigger, by where its attempt stands. */
class TriggerAnswerTest {

    @ParameterizedTest(name = "{0}: {5}")
    @CsvSource({
        "not started yet,                               false, false, false, false, LATER",
        "running,                                       true,  false, false, false, CAPTURE",
        "running but its end of partition went out,     true,  false, false, true,  EMPTY_STATE",
        "finished at the end of its input,              false, true,  true,  false, EMPTY_STATE",
        "failed or cancelled (empty state loses input), false, true,  false, false, SILENCE",
    })
    void when_a_trigger_arrives_then_the_answer_depends_on_where_the_attempt_stands(
            String situation, boolean running, boolean finished, boolean endedInput, boolean ending,
            TriggerAnswer expected) {
        // Given the attempt in the situation / When
        TriggerAnswer answer = TriggerAnswer.of(running, finished, endedInput, ending);

        // Then
        assertEquals(expected, answer, situation);
    }
}
