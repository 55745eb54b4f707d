package io.flinkstream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartStrategiesTest {

    private static RestartStrategyConfiguration read(String application) {
        return RestartStrategies.fromConfig(CheckpointingDefaults.with(application));
    }

    @Test
    void when_noTypeIsConfigured_then_theStrategyIsNotSet() {
        // Given / When / Then
        assertNull(read(""));
        assertNull(read("flinkstream.restart-strategy.type = null"));
    }

    @Test
    void when_aTypeIsConfigured_then_itsSectionIsReadOverTheDefaults() {
        // Given / When / Then
        assertEquals(RestartStrategies.noRestart(), read("flinkstream.restart-strategy.type = none"));
        assertEquals(RestartStrategies.fixedDelayRestart(3, Duration.ofSeconds(10)), read("""
                flinkstream.restart-strategy { type = fixed-delay, fixed-delay { attempts = 3, delay = 10s } }
                """));
        assertEquals(RestartStrategies.exponentialDelayRestart(Duration.ofSeconds(1), Duration.ofMinutes(1), 1.5,
                Duration.ofHours(1), 0.1), read("flinkstream.restart-strategy.type = exponential-delay"));
        assertEquals(RestartStrategies.failureRateRestart(1, Duration.ofMinutes(1), Duration.ofSeconds(1)),
                read("flinkstream.restart-strategy.type = failure-rate"));
        assertEquals(RestartStrategies.fixedDelayRestart(1, Duration.ofSeconds(1)),
                read("flinkstream.restart-strategy.type = FixedDelay"));
    }

    @Test
    void when_aValueIsBad_then_startFailsNamingTheKeyAndWhatIsAllowed() {
        // Given / When / Then: each bad setting, parsed over the defaults, fails with its path and what is allowed
        assertBad("type = sometimes", "flinkstream.restart-strategy.type",
                "none, fixed-delay, exponential-delay or failure-rate");
        assertBad("{ type = fixed-delay, fixed-delay.attempts = -1 }",
                "flinkstream.restart-strategy.fixed-delay.attempts", "at least 0");
        assertBad("{ type = fixed-delay, fixed-delay.delay = soon }",
                "flinkstream.restart-strategy.fixed-delay.delay", "duration of 0 or more");
        assertBad("{ type = exponential-delay, exponential-delay.jitter-factor = 2 }",
                "flinkstream.restart-strategy.exponential-delay.jitter-factor", "from 0.0 to 1.0");
        assertBad("{ type = exponential-delay, exponential-delay.max-backoff = 100ms }",
                "flinkstream.restart-strategy.exponential-delay.max-backoff", "at least initial-backoff");
        assertBad("{ type = failure-rate, failure-rate.max-failures-per-interval = 0 }",
                "flinkstream.restart-strategy.failure-rate.max-failures-per-interval", "at least 1");
    }

    private static void assertBad(String setting, String path, String expected) {
        // When
        String section = setting.startsWith("{") ? setting : "{ " + setting + " }";
        ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
                () -> read("flinkstream.restart-strategy " + section));

        // Then
        assertTrue(e.getMessage().contains("'" + path + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void when_factoriesGetBadArguments_then_theySayWhatIsAllowed() {
        // Given / When / Then
        assertThrows(IllegalArgumentException.class, () -> RestartStrategies.fixedDelayRestart(-1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> RestartStrategies.fixedDelayRestart(1, Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> RestartStrategies.exponentialDelayRestart(
                Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5, Duration.ofHours(1), 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> RestartStrategies.failureRateRestart(0, Duration.ofMinutes(1), Duration.ZERO));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestartStrategies.failureRateRestart(1, Duration.ZERO, Duration.ZERO));
        assertTrue(e.getMessage().contains("above 0"), e.getMessage());
    }

    @Test
    void when_strategiesAreCompared_then_theyAreValuesNamedByType() {
        // Given / When / Then
        assertEquals("fixed-delay", RestartStrategies.defaultFor(true).type());
        assertEquals("none", RestartStrategies.defaultFor(false).type());
        assertEquals(RestartStrategies.failureRateRestart(2, Duration.ofMinutes(1), Duration.ZERO),
                RestartStrategies.failureRateRestart(2, Duration.ofSeconds(60), Duration.ZERO));
    }
}
