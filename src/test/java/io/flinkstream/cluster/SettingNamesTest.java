package io.flinkstream.cluster;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingNamesTest {

    @Test
    void when_a_key_is_misspelt_then_the_check_fails_naming_it_and_the_nearest_known_key() {
        // Given
        var config = ConfigFactory.parseString("flinkstream.checkpointing.intervall = 1s")
                .withFallback(ConfigFactory.defaultReference());

        // When
        ConfigException error = assertThrows(ConfigException.class, () -> SettingNames.check(config));

        // Then
        assertTrue(error.getMessage().contains("'flinkstream.checkpointing.intervall' is not a FlinkStream setting"),
                error.getMessage());
        assertTrue(error.getMessage().contains("did you mean 'flinkstream.checkpointing.interval'"),
                error.getMessage());
    }

    @Test
    void when_only_known_keys_dispatcher_settings_and_the_restart_type_are_set_then_the_check_passes() {
        // Given
        var config = ConfigFactory.parseString("""
                flinkstream.checkpointing.interval = 1s
                flinkstream.restart-strategy.type = none
                flinkstream.task-dispatcher.fork-join-executor.parallelism-max = 4
                flinkstream.state.backend = fs
                """).withFallback(ConfigFactory.defaultReference());

        // When / Then
        assertDoesNotThrow(() -> SettingNames.check(config));
    }

    @Test
    void when_a_whole_section_is_misspelt_then_the_nearest_key_is_in_the_right_section() {
        assertEquals("flinkstream.state.checkpoints-dir", SettingNames.nearest("flinkstream.stat.checkpoints-dir"));
    }

    @Test
    void when_a_program_sets_a_misspelt_key_then_creating_its_environment_fails_before_any_job_runs() {
        // Given a misspelt key, as a -D option of the program's JVM would set it
        System.setProperty("flinkstream.checkpointing.intervall", "1s");
        ConfigFactory.invalidateCaches();
        try {
            // When / Then: without the check the job would run without checkpoints
            ConfigException error = assertThrows(ConfigException.class,
                    io.flinkstream.api.StreamExecutionEnvironment::getExecutionEnvironment);
            assertTrue(error.getMessage().contains("flinkstream.checkpointing.interval'"), error.getMessage());
        } finally {
            System.clearProperty("flinkstream.checkpointing.intervall");
            ConfigFactory.invalidateCaches();
        }
    }
}
