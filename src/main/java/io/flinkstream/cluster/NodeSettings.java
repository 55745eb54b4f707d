package io.flinkstream.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.flinkstream.runtime.job.JobMaster;

import java.time.Duration;

/**
 * The node's settings, read from the {@code flinkstream} section of the configuration ({@code application.conf}
 * over {@code flinkstream-node.conf} over {@code reference.conf}).
 *
 * @param startTimeout how long the node may take to join its cluster
 * @param metricsInterval how often subtasks report their counters
 * @param jobMaster deployment and stop timeouts of jobs
 */
public record NodeSettings(Duration startTimeout, Duration metricsInterval, JobMaster.JobMasterSettings jobMaster) {

    /** The layered configuration a node starts with. */
    public static Config load() {
        return ConfigFactory.defaultOverrides()
                .withFallback(ConfigFactory.defaultApplication())
                .withFallback(ConfigFactory.parseResources("flinkstream-node.conf"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }

    /** Reads and checks the settings; a bad value fails with its key's path and what is allowed. */
    public static NodeSettings from(Config config) {
        SettingNames.check(config);
        return new NodeSettings(
                positive(config, "flinkstream.node.start-timeout"),
                positive(config, "flinkstream.metrics-interval"),
                new JobMaster.JobMasterSettings(positive(config, "flinkstream.job.deploy-timeout"),
                        positive(config, "flinkstream.job.stop-timeout"),
                        positive(config, "flinkstream.job.deploy-retry-interval")));
    }

    static Duration positive(Config config, String path) {
        Duration value = config.getDuration(path);
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException.BadValue(config.origin(), path,
                    "must be a positive duration such as 500ms or 10s, was " + value);
        }
        return value;
    }
}
