package io.flinkstream.runtime.job;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import io.flinkstream.api.JobCancellationException;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.JobMetrics;
import io.flinkstream.api.JobStatus;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A {@link JobClient} talking to the job's master actor. */
public final class JobClientImpl implements JobClient {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private final String jobId;
    private final ActorRef<JobMaster.Command> master;
    private final ActorSystem<?> system;
    private final CompletableFuture<JobExecutionResult> result;

    public JobClientImpl(String jobId, ActorRef<JobMaster.Command> master, ActorSystem<?> system,
                         CompletableFuture<JobExecutionResult> result) {
        this.jobId = jobId;
        this.master = master;
        this.system = system;
        this.result = result;
    }

    @Override
    public String getJobID() {
        return jobId;
    }

    @Override
    public CompletableFuture<JobStatus> getJobStatus() {
        if (result.isDone()) {
            return CompletableFuture.completedFuture(result.isCompletedExceptionally()
                    ? terminalStatusOfFailure() : JobStatus.FINISHED);
        }
        return AskPattern.<JobMaster.Command, JobStatus>ask(master, JobMaster.GetStatus::new, ASK_TIMEOUT,
                system.scheduler()).toCompletableFuture();
    }

    private JobStatus terminalStatusOfFailure() {
        Throwable error = result.handle((r, e) -> e).join();
        Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
        return cause instanceof JobCancellationException ? JobStatus.CANCELED : JobStatus.FAILED;
    }

    @Override
    public CompletableFuture<JobMetrics> getJobMetrics() {
        if (result.isDone() && !result.isCompletedExceptionally()) {
            return CompletableFuture.completedFuture(result.join().metrics());
        }
        return AskPattern.<JobMaster.Command, JobMetrics>ask(master, JobMaster.GetMetrics::new, ASK_TIMEOUT,
                system.scheduler()).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Void> cancel() {
        if (result.isDone()) {
            return CompletableFuture.completedFuture(null);
        }
        return AskPattern.<JobMaster.Command, akka.Done>ask(master, JobMaster.CancelJob::new, ASK_TIMEOUT,
                system.scheduler()).toCompletableFuture().thenApply(done -> null);
    }

    @Override
    public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
        return result;
    }
}
