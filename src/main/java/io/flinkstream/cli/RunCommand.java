package io.flinkstream.cli;

import io.flinkstream.api.JobStatus;
import io.flinkstream.client.ClusterClient;
import io.flinkstream.client.ClusterJob;
import io.flinkstream.client.JobSubmissionException;
import io.flinkstream.cluster.jobs.JobManager;
import io.flinkstream.cluster.jobs.JobSpec;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code flinkstream run --cluster <host:port> [--detached] <job-class> [args]}: submits a job to a running cluster,
 * prints its id, its progress and its end. Exit code 0 when the job finished (or, detached, was admitted), 1 when it
 * failed, was cancelled, was refused or the cluster did not answer, 2 for bad usage.
 */
final class RunCommand {
    private static final Duration NO_END = Duration.ofDays(365);

    private RunCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String cluster = null;
        boolean detached = false;
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty() && rest.get(0).startsWith("--")) {
            String option = rest.remove(0);
            if (option.equals("--detached")) {
                detached = true;
            } else if (option.equals("--cluster") && !rest.isEmpty()) {
                cluster = rest.remove(0);
            } else {
                err.println("Unknown option or missing value: " + option);
                return usage(err);
            }
        }
        if (cluster == null || rest.isEmpty()) {
            return usage(err);
        }
        JobSpec spec = new JobSpec(rest.get(0), rest.subList(1, rest.size()));
        try (ClusterClient client = ClusterClient.connect(cluster)) {
            ClusterJob job = client.submit(spec);
            out.println("Job " + job.jobId() + " submitted: " + spec);
            if (detached) {
                return 0;
            }
            JobManager.JobStatusReply end = job.awaitTermination(NO_END, status -> out.println("Job " + job.jobId()
                    + " " + status.status() + (status.attempt() > 0 ? " (attempt " + status.attempt() + ")" : "")
                    + (status.lastCheckpoint() >= 0 ? ", checkpoint " + status.lastCheckpoint() : "")));
            if (end.status() == JobStatus.FINISHED) {
                out.println("Job " + job.jobId() + " finished");
                return 0;
            }
            err.println("Job " + job.jobId() + " " + end.status()
                    + (end.failure() == null ? "" : ": " + end.failure()));
            return 1;
        } catch (IllegalArgumentException | IllegalStateException | JobSubmissionException e) {
            err.println(e.getMessage());
            return 1;
        } catch (java.util.concurrent.TimeoutException e) {
            err.println(e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int usage(PrintStream err) {
        err.println("Usage: flinkstream run --cluster <host:port> [--detached] <job-class> [args...]");
        return 2;
    }
}
