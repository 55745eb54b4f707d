package io.flinkstream.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * The checkpointing, restart-strategy and state defaults that belong in {@code reference.conf}, inline, so the
 * tests can parse a user's configuration over them exactly as a node would.
 */
final class CheckpointingDefaults {
    static final String REFERENCE = """
            flinkstream {
              checkpointing {
                interval = off
                mode = exactly-once
                timeout = 10m
                min-pause = 0ms
                max-concurrent = 1
                tolerable-failures = 0
                retained = 1
                retain-on-cancel = false
              }
              restart-strategy {
                fixed-delay { attempts = 1, delay = 1s }
                exponential-delay {
                  initial-backoff = 1s
                  max-backoff = 1m
                  backoff-multiplier = 1.5
                  reset-backoff-threshold = 1h
                  jitter-factor = 0.1
                }
                failure-rate { max-failures-per-interval = 1, failure-rate-interval = 1m, delay = 1s }
              }
              state {
                backend = memory
                checkpoints-dir = ""
                memory.max-size = 5 MiB
              }
            }
            """;

    private CheckpointingDefaults() {
    }

    /** {@code application} parsed over the defaults, resolved. */
    static Config with(String application) {
        return ConfigFactory.parseString(application, com.typesafe.config.ConfigParseOptions.defaults()
                        .setOriginDescription("application.conf"))
                .withFallback(ConfigFactory.parseString(REFERENCE))
                .resolve();
    }
}
