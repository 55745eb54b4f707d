package io.flinkstream.api;

import java.time.Duration;

/**
 * The outcome of a job that finished.
 *
 * @param jobId the job's id
 * @param jobName the job's name
 * @param netRuntime time from submission to the end
 * @param metrics final counters
 */
public record JobExecutionResult(String jobId, String jobName, Duration netRuntime, JobMetrics metrics) {
    /** Flink-style accessor. */
    public String getJobID() {
        return jobId;
    }

    /** Net runtime in milliseconds, Flink-style. */
    public long getNetRuntime() {
        return netRuntime.toMillis();
    }
}
