package io.flinkstream.cluster.jobs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a job's class and arguments are shown in the client's messages ("Job … submitted: …"). */
class JobSpecTest {

    @Test
    void given_plain_arguments_when_shown_then_they_are_separated_by_spaces() {
        assertEquals("com.example.Job --out /tmp/x a=b 42",
                new JobSpec("com.example.Job", List.of("--out", "/tmp/x", "a=b", "42")).toString());
    }

    @Test
    void given_arguments_with_blanks_quotes_or_nothing_when_shown_then_each_reads_back_as_one_shell_word() {
        JobSpec spec = new JobSpec("com.example.Job", List.of("two words", "", "it's", "tab\there", "${HOME}"));

        assertEquals("com.example.Job 'two words' '' 'it'\\''s' 'tab\there' '${HOME}'", spec.toString());
    }

    @Test
    void given_no_arguments_when_shown_then_only_the_class_is() {
        assertEquals("com.example.Job", new JobSpec("com.example.Job", List.of()).toString());
    }
}
