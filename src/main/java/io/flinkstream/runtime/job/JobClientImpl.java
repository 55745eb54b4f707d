package io.flinkstream.runtime.job;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.japi.function.Function;
import io.flinkstream.api.JobCancellationException;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.JobMetrics;
import io.flinkstream.api.JobStatus;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A {@link JobClient} talking to the job's master actor. Once the job has ended (the master is gone) every question
 * is answered from the job's final result and counters, so a call racing the end of the job never times out.
 */
public final class JobClientImpl implements JobClient {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private final String jobId;
    private final ActorRef<JobMaster.Command> master;
    private final ActorSystem<?> system;
    private final CompletableFuture<JobExecutionResult> result;
    private final CompletableFuture<JobMetrics> finalMetrics;

    public JobClientImpl(String jobId, ActorRef<JobMaster.Command> master, ActorSystem<?> system,
                         CompletableFuture<JobExecutionResult> result, CompletableFuture<JobMetrics> finalMetrics) {
        this.jobId = jobId;
        this.master = master;
        this.system = system;
        this.result = result;
        this.finalMetrics = finalMetrics;
    }

    @Override
    public String getJobID() {
        return jobId;
    }

    @Override
    public CompletableFuture<JobStatus> getJobStatus() {
        CompletableFuture<JobStatus> ended = result.handle((r, e) -> terminalStatus(e));
        return askUnlessEnded(JobMaster.GetStatus::new, ended);
    }

    private static JobStatus terminalStatus(Throwable error) {
        if (error == null) {
            return JobStatus.FINISHED;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof JobCancellationException ? JobStatus.CANCELED : JobStatus.FAILED;
    }

    @Override
    public CompletableFuture<JobMetrics> getJobMetrics() {
        return askUnlessEnded(JobMaster.GetMetrics::new, finalMetrics);
    }

    @Override
    public CompletableFuture<Void> cancel() {
        CompletableFuture<akka.Done> ended = result.handle((r, e) -> akka.Done.getInstance());
        return askUnlessEnded(JobMaster.CancelJob::new, ended).thenApply(done -> null);
    }

    @Override
    public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
        return result;
    }

    /** Asks the master, or answers with {@code whenEnded} if the job ends first (the master is then gone). */
    private <T> CompletableFuture<T> askUnlessEnded(Function<ActorRef<T>, JobMaster.Command> question,
                                                    CompletableFuture<T> whenEnded) {
        if (whenEnded.isDone()) {
            return whenEnded;
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        AskPattern.<JobMaster.Command, T>ask(master, question, ASK_TIMEOUT, system.scheduler())
                .whenComplete((value, error) -> {
                    if (error == null) {
                        answer.complete(value);
                    } else if (!whenEnded.isDone()) {
                        answer.completeExceptionally(error);
                    }
                });
        whenEnded.whenComplete((value, error) -> {
            if (error == null) {
                answer.complete(value);
            } else {
                answer.completeExceptionally(error);
            }
        });
        return answer;
    }
}
