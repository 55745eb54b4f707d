package io.flinkstream.cluster.jobs;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.Effect;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import io.flinkstream.api.JobCancellationException;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.JobMetrics;
import io.flinkstream.api.JobStatus;
import io.flinkstream.runtime.WireMessage;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.graph.JobGraphFingerprint;
import io.flinkstream.runtime.job.JobMaster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One job's durable master: an event-sourced actor (persistence id {@code flinkstream-job|<job id>}) that runs the
 * job's {@link JobMaster} as its child and persists what a master started elsewhere needs to resume the job — the
 * submission, every attempt number, every checkpoint id used, every completed checkpoint and where its metadata is,
 * and the terminal status. Statistics are not persisted. Started by the {@link JobManager}; started again, on
 * whichever node then hosts the manager, after the loss of its node: it then rebuilds the graph, checks its
 * fingerprint against the submitted one, and starts a master that resumes from the newest completed checkpoint with
 * the next attempt number and checkpoint ids after every id used.
 */
public final class JobEntity extends EventSourcedBehavior<JobEntity.Command, JobEntity.Event, JobEntity.State> {

    /** Messages of the job entity. */
    public sealed interface Command {
    }

    /** Ask where the job stands. */
    public record GetStatus(ActorRef<JobManager.JobStatusReply> replyTo) implements Command {
    }

    /** Cancel the job; answered with its status once cancellation has begun. */
    public record Cancel(ActorRef<JobManager.JobStatusReply> replyTo) implements Command {
    }

    private enum Begin implements Command { INSTANCE }

    private record PlanBuilt(JobGraph graph, Throwable error) implements Command {
    }

    private record Progressed(JobMaster.Progress progress) implements Command {
    }

    private record Ended(JobExecutionResult result, Throwable error) implements Command {
    }

    private record StatusAnswered(JobStatus status, Throwable error, ActorRef<JobManager.JobStatusReply> replyTo)
            implements Command {
    }

    /** What the entity persists. */
    public sealed interface Event extends WireMessage {
    }

    /** The job was submitted as {@code spec}; its graph has {@code fingerprint}. */
    public record Submitted(JobSpec spec, String fingerprint) implements Event {
    }

    /** Attempt {@code attempt} was deployed. */
    public record AttemptStarted(int attempt) implements Event {
    }

    /** Checkpoint id {@code checkpointId} was used. */
    public record CheckpointIdUsed(long checkpointId) implements Event {
    }

    /** Checkpoint {@code checkpointId} completed; its metadata is at {@code location}. */
    public record CheckpointCompleted(long checkpointId, String location) implements Event {
    }

    /** The job ended with {@code status}. */
    public record Terminated(JobStatus status, String failure) implements Event {
    }

    /**
     * The job's durable record.
     *
     * @param spec the submitted spec, null before the submission is persisted
     * @param fingerprint the fingerprint of the submitted graph
     * @param attempt the last attempt started, -1 if none
     * @param highestCheckpointId the highest checkpoint id used
     * @param lastCheckpoint the newest completed checkpoint, -1 if none
     * @param lastCheckpointLocation where its metadata is
     * @param terminal the terminal status, null while the job runs
     * @param failure why it failed, or null
     */
    public record State(JobSpec spec, String fingerprint, int attempt, long highestCheckpointId, long lastCheckpoint,
                        String lastCheckpointLocation, JobStatus terminal, String failure) implements WireMessage {
        static final State EMPTY = new State(null, null, -1, 0, -1, null, null, null);

        State with(Event event) {
            if (event instanceof Submitted s) {
                return new State(s.spec(), s.fingerprint(), attempt, highestCheckpointId, lastCheckpoint,
                        lastCheckpointLocation, terminal, failure);
            } else if (event instanceof AttemptStarted a) {
                return new State(spec, fingerprint, Math.max(attempt, a.attempt()), highestCheckpointId,
                        lastCheckpoint, lastCheckpointLocation, terminal, failure);
            } else if (event instanceof CheckpointIdUsed u) {
                return new State(spec, fingerprint, attempt, Math.max(highestCheckpointId, u.checkpointId()),
                        lastCheckpoint, lastCheckpointLocation, terminal, failure);
            } else if (event instanceof CheckpointCompleted c) {
                boolean newer = c.checkpointId() > lastCheckpoint;
                return new State(spec, fingerprint, attempt, Math.max(highestCheckpointId, c.checkpointId()),
                        newer ? c.checkpointId() : lastCheckpoint,
                        newer ? c.location() : lastCheckpointLocation, terminal, failure);
            } else if (event instanceof Terminated t) {
                return new State(spec, fingerprint, attempt, highestCheckpointId, lastCheckpoint,
                        lastCheckpointLocation, t.status(), t.failure());
            }
            throw new IllegalArgumentException("Unknown event " + event);
        }

        /** Where a master started now resumes, or null for the job's first start. */
        JobMaster.Resume resume() {
            return attempt < 0 ? null : new JobMaster.Resume(attempt + 1, highestCheckpointId, lastCheckpoint >= 0);
        }
    }

    private final ActorContext<Command> context;
    private final String jobId;
    private final JobSpec spec;
    private final String fingerprint;
    private final JobHost host;
    private final ActorRef<JobManager.Command> manager;
    private ActorRef<JobMaster.Command> master;

    private JobEntity(ActorContext<Command> context, String jobId, JobSpec spec, String fingerprint, JobHost host,
                      ActorRef<JobManager.Command> manager) {
        super(PersistenceId.of("flinkstream-job", jobId),
                SupervisorStrategy.restartWithBackoff(Duration.ofMillis(500), Duration.ofSeconds(10), 0.2));
        this.context = context;
        this.jobId = jobId;
        this.spec = spec;
        this.fingerprint = fingerprint;
        this.host = host;
        this.manager = manager;
    }

    /** The durable master of job {@code jobId}, which tells {@code manager} when the job has ended. */
    public static Behavior<Command> create(String jobId, JobSpec spec, String fingerprint, JobHost host,
                                           ActorRef<JobManager.Command> manager) {
        return Behaviors.setup(ctx -> new JobEntity(ctx, jobId, spec, fingerprint, host, manager));
    }

    @Override
    public String journalPluginId() {
        return host.journal().journalPlugin();
    }

    @Override
    public String snapshotPluginId() {
        return host.journal().snapshotPlugin();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        // Two events per checkpoint: a snapshot every 200 keeps recovery short for a job running for months.
        return RetentionCriteria.snapshotEvery(200, 2);
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> context.getSelf().tell(Begin.INSTANCE))
                .build();
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(State::with);
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Begin.class, this::onBegin)
                .onCommand(PlanBuilt.class, this::onPlanBuilt)
                .onCommand(Progressed.class, this::onProgress)
                .onCommand(Ended.class, this::onEnded)
                .onCommand(GetStatus.class, this::onGetStatus)
                .onCommand(StatusAnswered.class, (state, answered) -> {
                    JobStatus status = answered.error() == null ? answered.status()
                            : master == null ? JobStatus.CREATED : JobStatus.RUNNING;
                    answered.replyTo().tell(reply(state, status));
                    return Effect().none();
                })
                .onCommand(Cancel.class, this::onCancel)
                .build();
    }

    private Effect<Event, State> onBegin(State state, Begin begin) {
        if (state.terminal() != null) {
            // Ended, but the manager may not have recorded it before the loss of its node.
            return Effect().none().thenRun(s -> endWith(s.terminal(), s.failure())).thenStop();
        }
        if (state.spec() == null) {
            return Effect().persist(new Submitted(spec, fingerprint)).thenRun(this::buildPlan);
        }
        buildPlan(state);
        return Effect().none();
    }

    private void buildPlan(State state) {
        CompletableFuture<JobGraph> built = CompletableFuture.supplyAsync(
                () -> PlanCapture.run(state.spec(), jobId, host.jobClassLoader(), host.config(), host.where()),
                context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(
                        "flinkstream.snapshot-dispatcher")));
        context.pipeToSelf(built, PlanBuilt::new);
    }

    private Effect<Event, State> onPlanBuilt(State state, PlanBuilt built) {
        if (state.terminal() != null) {
            return Effect().none();
        }
        String problem = null;
        if (built.error() != null) {
            problem = unwrap(built.error()).getMessage();
        } else if (!JobGraphFingerprint.of(built.graph()).equals(state.fingerprint())) {
            problem = "Job " + state.spec().jobClass() + " (" + jobId + ") builds a different job graph on "
                    + host.where() + " than when it was submitted: the nodes hold different versions of the job's "
                    + "jar, or different flinkstream settings, or its main depends on something other than its "
                    + "arguments. Deploy the same jar and settings on every node";
        }
        if (problem != null) {
            context.getLog().error("Job {} cannot run: {}", jobId, problem);
            return Effect().persist(new Terminated(JobStatus.FAILED, problem))
                    .thenRun(s -> endWith(JobStatus.FAILED, s.failure())).thenStop();
        }
        JobGraph graph = built.graph();
        host.registry().register(graph, host.jobClassLoader());
        CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
        JobMaster.Resume resume = state.resume();
        if (resume != null) {
            context.getLog().info("Job '{}' ({}) resumes on {} with attempt {}, after checkpoint {}",
                    graph.jobName(), jobId, host.where(), resume.attempt(), state.lastCheckpoint());
        }
        master = context.spawn(JobMaster.create(graph, host.registry(), host.region(), result,
                new CompletableFuture<JobMetrics>(), host.masterSettings(), resume,
                context.messageAdapter(JobMaster.Progress.class, Progressed::new)), "master");
        context.pipeToSelf(result, Ended::new);
        return Effect().none();
    }

    private Effect<Event, State> onProgress(State state, Progressed progressed) {
        JobMaster.Progress progress = progressed.progress();
        if (progress instanceof JobMaster.AttemptStarted started) {
            return Effect().persist(new AttemptStarted(started.attempt()));
        } else if (progress instanceof JobMaster.CheckpointIdUsed used) {
            return Effect().persist(new CheckpointIdUsed(used.checkpointId()));
        } else if (progress instanceof JobMaster.CheckpointCompleted completed) {
            return Effect().persist(new CheckpointCompleted(completed.checkpointId(), completed.location()));
        }
        return Effect().none();
    }

    private Effect<Event, State> onEnded(State state, Ended ended) {
        JobStatus status;
        String failure = null;
        if (ended.error() == null) {
            status = JobStatus.FINISHED;
        } else {
            Throwable cause = unwrap(ended.error());
            status = cause instanceof JobCancellationException ? JobStatus.CANCELED : JobStatus.FAILED;
            failure = status == JobStatus.FAILED ? String.valueOf(cause.getMessage()) : null;
        }
        JobStatus finalStatus = status;
        return Effect().persist(new Terminated(status, failure)).thenRun(s -> endWith(finalStatus, s.failure()))
                .thenStop();
    }

    private Effect<Event, State> onGetStatus(State state, GetStatus get) {
        if (state.terminal() != null || master == null) {
            get.replyTo().tell(reply(state, state.terminal() != null ? state.terminal() : JobStatus.CREATED));
            return Effect().none();
        }
        context.ask(JobStatus.class, master, host.askTimeout(), JobMaster.GetStatus::new,
                (status, error) -> new StatusAnswered(status, error, get.replyTo()));
        return Effect().none();
    }

    private Effect<Event, State> onCancel(State state, Cancel cancel) {
        if (master != null && state.terminal() == null) {
            master.tell(new JobMaster.CancelJob(context.getSystem().ignoreRef()));
            cancel.replyTo().tell(reply(state, JobStatus.CANCELLING));
            return Effect().none();
        }
        if (state.terminal() == null) {
            // Cancelled before its master started (its graph is still being built): it ends now.
            return Effect().persist(new Terminated(JobStatus.CANCELED, null)).thenRun(s -> {
                cancel.replyTo().tell(reply(s, JobStatus.CANCELED));
                endWith(JobStatus.CANCELED, null);
            }).thenStop();
        }
        cancel.replyTo().tell(reply(state, state.terminal()));
        return Effect().none();
    }

    private JobManager.JobStatusReply reply(State state, JobStatus status) {
        return new JobManager.JobStatusReply(jobId, status, state.failure(), state.attempt(), state.lastCheckpoint());
    }

    /** Tells the manager; the effect that calls this stops the entity. */
    private void endWith(JobStatus status, String failure) {
        manager.tell(new JobManager.JobEnded(jobId, status, failure));
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
