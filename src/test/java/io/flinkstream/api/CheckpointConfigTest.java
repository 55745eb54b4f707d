package io.flinkstream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import org.junit.jupiter.api.Test;

class CheckpointConfigTest {

    @Test
    void when_nothingIsSet_then_theDefaultsAreFlinks() {
        // Given / When
        CheckpointConfig defaults = new CheckpointConfig();
        CheckpointConfig fromReference = CheckpointConfig.fromConfig(CheckpointingDefaults.with(""));

        // Then
        for (CheckpointConfig config : new CheckpointConfig[] {defaults, fromReference}) {
            assertFalse(config.isCheckpointingEnabled());
            assertEquals(-1, config.getCheckpointInterval());
            assertEquals(CheckpointingMode.EXACTLY_ONCE, config.getCheckpointingMode());
            assertEquals(600_000, config.getCheckpointTimeout());
            assertEquals(0, config.getMinPauseBetweenCheckpoints());
            assertEquals(1, config.getMaxConcurrentCheckpoints());
            assertEquals(0, config.getTolerableCheckpointFailureNumber());
            assertEquals(1, config.getNumRetainedCheckpoints());
            assertEquals(ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION,
                    config.getExternalizedCheckpointRetention());
        }
    }

    @Test
    void when_everyKeyIsConfigured_then_everySettingIsRead() {
        // Given
        String application = """
                flinkstream.checkpointing {
                  interval = 30s, mode = at-least-once, timeout = 2m, min-pause = 500ms
                  max-concurrent = 3, tolerable-failures = 2, retained = 4, retain-on-cancel = true
                }
                """;

        // When
        CheckpointConfig config = CheckpointConfig.fromConfig(CheckpointingDefaults.with(application));

        // Then
        assertTrue(config.isCheckpointingEnabled());
        assertEquals(30_000, config.getCheckpointInterval());
        assertEquals(CheckpointingMode.AT_LEAST_ONCE, config.getCheckpointingMode());
        assertEquals(120_000, config.getCheckpointTimeout());
        assertEquals(500, config.getMinPauseBetweenCheckpoints());
        assertEquals(3, config.getMaxConcurrentCheckpoints());
        assertEquals(2, config.getTolerableCheckpointFailureNumber());
        assertEquals(4, config.getNumRetainedCheckpoints());
        assertTrue(config.isRetainedOnCancellation());
    }

    @Test
    void when_aValueIsBad_then_startFailsNamingTheKeyAndWhatIsAllowed() {
        // Given / When / Then: each bad setting, parsed over the defaults, fails with its path and what is allowed
        assertBad("interval = 5ms", "flinkstream.checkpointing.interval", "must be off or a duration of at least 10ms");
        assertBad("interval = sometimes", "flinkstream.checkpointing.interval", "was 'sometimes'");
        assertBad("mode = twice", "flinkstream.checkpointing.mode", "must be one of exactly-once or at-least-once");
        assertBad("timeout = 1ms", "flinkstream.checkpointing.timeout", "at least 10ms");
        assertBad("min-pause = -1s", "flinkstream.checkpointing.min-pause", "at least 0ms");
        assertBad("max-concurrent = 0", "flinkstream.checkpointing.max-concurrent", "at least 1");
        assertBad("tolerable-failures = many", "flinkstream.checkpointing.tolerable-failures", "whole number");
        assertBad("retained = 0", "flinkstream.checkpointing.retained", "at least 1, was '0'");
        assertBad("retain-on-cancel = maybe", "flinkstream.checkpointing.retain-on-cancel", "must be true or false");
    }

    private static void assertBad(String setting, String path, String expected) {
        // Given
        String application = "flinkstream.checkpointing." + setting;

        // When
        ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
                () -> CheckpointConfig.fromConfig(CheckpointingDefaults.with(application)));

        // Then
        assertTrue(e.getMessage().contains("'" + path + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("application.conf"), e.getMessage());
    }

    @Test
    void when_aSetterGetsABadValue_then_itSaysWhatIsAllowed() {
        // Given
        CheckpointConfig config = new CheckpointConfig();

        // When / Then
        assertMessage("at least 10 ms, or -1", () -> config.setCheckpointInterval(5));
        assertMessage("at least 10 ms", () -> config.setCheckpointTimeout(9));
        assertMessage("0 ms or more", () -> config.setMinPauseBetweenCheckpoints(-1));
        assertMessage("at least 1", () -> config.setMaxConcurrentCheckpoints(0));
        assertMessage("0 or more", () -> config.setTolerableCheckpointFailureNumber(-1));
        assertMessage("at least 1", () -> config.setNumRetainedCheckpoints(0));
        assertMessage("EXACTLY_ONCE or AT_LEAST_ONCE", () -> config.setCheckpointingMode(null));
        assertMessage("RETAIN_ON_CANCELLATION or DELETE_ON_CANCELLATION",
                () -> config.setExternalizedCheckpointRetention(null));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void when_settersAreChainedAndCopied_then_theCopyIsIndependent() {
        // Given
        CheckpointConfig config = new CheckpointConfig().setCheckpointInterval(1_000).setNumRetainedCheckpoints(3);

        // When
        CheckpointConfig copy = new CheckpointConfig(config);
        config.setCheckpointInterval(CheckpointConfig.DISABLED_INTERVAL);

        // Then
        assertEquals(1_000, copy.getCheckpointInterval());
        assertEquals(3, copy.getNumRetainedCheckpoints());
        assertFalse(config.isCheckpointingEnabled());
    }
}
