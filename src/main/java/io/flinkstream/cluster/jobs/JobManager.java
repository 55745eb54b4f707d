package io.flinkstream.cluster.jobs;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.SignalHandler;
import io.flinkstream.api.JobStatus;
import io.flinkstream.api.MemoryStateBackend;
import io.flinkstream.runtime.WireMessage;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.graph.JobGraphFingerprint;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster's job manager: a Cluster Singleton, event-sourced, that admits submitted jobs and runs one durable
 * {@link JobEntity} per job as its child. It persists which jobs are admitted and how each ended; each job entity
 * persists its own progress. When the manager's node dies, the singleton starts on the oldest surviving node,
 * recovers the admitted jobs and starts their entities again, which resume their jobs.
 *
 * <p>A submission is admitted only after the job's graph was built on this node from its class and arguments
 * ({@link PlanCapture}) and found fit for a cluster (checkpoints on storage every node sees); the reply is sent once
 * the admission is persisted, so an accepted job is never forgotten.
 */
public final class JobManager extends EventSourcedBehavior<JobManager.Command, JobManager.Event, JobManager.State> {

    /** Messages the job manager understands; the public ones may come from a client in another JVM. */
    public sealed interface Command {
    }

    /** Run the job {@code spec} under {@code jobId}; answered once admitted (persisted) or refused. */
    public record SubmitJob(String jobId, JobSpec spec, ActorRef<SubmitReply> replyTo)
            implements Command, WireMessage {
    }

    /** The answer to a submission. */
    public sealed interface SubmitReply extends WireMessage {
    }

    /** The job was admitted and runs. */
    public record JobAccepted(String jobId) implements SubmitReply {
    }

    /** The job was not admitted: {@code reason} says why and what to do. */
    public record JobRefused(String jobId, String reason) implements SubmitReply {
    }

    /** Ask where job {@code jobId} stands. */
    public record GetJobStatus(String jobId, ActorRef<JobStatusReply> replyTo) implements Command, WireMessage {
    }

    /** Cancel job {@code jobId}; answered with its status once cancellation has begun. */
    public record CancelJob(String jobId, ActorRef<JobStatusReply> replyTo) implements Command, WireMessage {
    }

    /**
     * Where a job stands.
     *
     * @param jobId the job
     * @param status its status, or null when the cluster does not know the job
     * @param failure why it failed, or null
     * @param attempt the attempt running (or the last one), -1 if none started
     * @param lastCheckpoint the newest completed checkpoint, -1 if none
     */
    public record JobStatusReply(String jobId, JobStatus status, String failure, int attempt, long lastCheckpoint)
            implements WireMessage {
    }

    /** A node asks for the spec of a job it must run subtasks of, to rebuild its graph. */
    public record GetJobSpec(String jobId, ActorRef<JobSpecReply> replyTo) implements Command, WireMessage {
    }

    /** The spec and fingerprint of a running job; both null when it does not run. */
    public record JobSpecReply(String jobId, JobSpec spec, String fingerprint) implements WireMessage {
    }

    /** A job entity's job ended (from the child on this node). */
    /**
     * Job {@code jobId} has ended: a node that rebuilt its graph for subtasks of it (a node it was not submitted to)
     * drops it. Sent by the job manager to every node's gateway, which handles it itself.
     */
    public record ForgetJob(String jobId) implements Command, WireMessage {
    }

    record JobEnded(String jobId, JobStatus status, String failure) implements Command {
    }

    private record PlanChecked(SubmitJob submission, String fingerprint, Throwable error) implements Command {
    }

    /** What the manager persists. */
    public sealed interface Event extends WireMessage {
    }

    /** Job {@code jobId} was admitted; its graph has {@code fingerprint}. */
    public record JobAdmitted(String jobId, JobSpec spec, String fingerprint) implements Event {
    }

    /** Job {@code jobId} ended with {@code status}. */
    public record JobFinished(String jobId, JobStatus status, String failure) implements Event {
    }

    /** An admitted, running job. */
    public record RunningJob(JobSpec spec, String fingerprint) {
    }

    /** The manager's state, rebuilt from its events. */
    public static final class State {
        final Map<String, RunningJob> running = new LinkedHashMap<>();
        final Map<String, JobFinished> ended = new LinkedHashMap<>();
    }

    /** Ended jobs whose status is kept for clients asking late. */
    private static final int ENDED_KEPT = 1000;

    private final ActorContext<Command> context;
    private final JobHost host;
    private final Map<String, ActorRef<JobEntity.Command>> entities = new LinkedHashMap<>();

    private JobManager(ActorContext<Command> context, JobHost host) {
        super(PersistenceId.ofUniqueId("flinkstream-job-manager"),
                SupervisorStrategy.restartWithBackoff(Duration.ofMillis(500), Duration.ofSeconds(10), 0.2));
        this.context = context;
        this.host = host;
    }

    /** The job manager behaviour, to run as a Cluster Singleton. */
    public static Behavior<Command> create(JobHost host) {
        return Behaviors.setup(ctx -> new JobManager(ctx, host));
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
    public State emptyState() {
        return new State();
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> {
                    if (!state.running.isEmpty()) {
                        context.getLog().info("Job manager on {} resumes {} job(s): {}", host.where(),
                                state.running.size(), state.running.keySet());
                    }
                    state.running.forEach(this::startEntity);
                })
                .build();
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(SubmitJob.class, this::onSubmit)
                .onCommand(PlanChecked.class, this::onPlanChecked)
                .onCommand(GetJobStatus.class, this::onGetStatus)
                .onCommand(CancelJob.class, this::onCancel)
                .onCommand(GetJobSpec.class, (state, get) -> {
                    RunningJob job = state.running.get(get.jobId());
                    get.replyTo().tell(new JobSpecReply(get.jobId(), job == null ? null : job.spec(),
                            job == null ? null : job.fingerprint()));
                    return Effect().none();
                })
                .onCommand(JobEnded.class, (state, ended) -> Effect()
                        .persist(new JobFinished(ended.jobId(), ended.status(), ended.failure()))
                        .thenRun(s -> {
                            entities.remove(ended.jobId());
                            forgetEverywhere(ended.jobId());
                        }))
                .build();
    }

    /** Tells every member's gateway that the job ended, so that no node keeps its graph. */
    private void forgetEverywhere(String jobId) {
        akka.actor.typed.ActorRefResolver resolver = akka.actor.typed.ActorRefResolver.get(context.getSystem());
        for (akka.cluster.Member member : akka.cluster.typed.Cluster.get(context.getSystem()).state().getMembers()) {
            ActorRef<Command> gateway = resolver.resolveActorRef(member.address() + "/system/" + JobGateway.NAME);
            gateway.tell(new ForgetJob(jobId));
        }
    }

    private akka.persistence.typed.javadsl.Effect<Event, State> onSubmit(State state, SubmitJob submit) {
        if (state.running.containsKey(submit.jobId()) || state.ended.containsKey(submit.jobId())) {
            submit.replyTo().tell(new JobAccepted(submit.jobId()));
            return Effect().none();
        }
        // Runs the job's main: user code, so off the actor and on the blocking dispatcher.
        CompletableFuture<String> checked = CompletableFuture.supplyAsync(() -> check(submit),
                context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(
                        "flinkstream.snapshot-dispatcher")));
        context.pipeToSelf(checked, (fingerprint, error) -> new PlanChecked(submit, fingerprint, error));
        return Effect().none();
    }

    /** Builds the job's graph here and checks it can run on a cluster; returns its fingerprint. */
    private String check(SubmitJob submit) {
        JobGraph graph = PlanCapture.run(submit.spec(), submit.jobId(), host.jobClassLoader(), host.config(),
                host.where());
        if (graph.checkpointing().enabled() && graph.checkpointing().backend() instanceof MemoryStateBackend) {
            throw new JobPlanException("Job " + submit.spec().jobClass() + " takes checkpoints with the memory "
                    + "state backend, which keeps them in the job master's heap: they would die with its node. On a "
                    + "cluster use the fs backend on a directory every node mounts (flinkstream.state.backend = fs "
                    + "and flinkstream.state.checkpoints-dir, or env.setStateBackend(new FsStateBackend(dir)))");
        }
        return JobGraphFingerprint.of(graph);
    }

    private akka.persistence.typed.javadsl.Effect<Event, State> onPlanChecked(State state, PlanChecked checked) {
        SubmitJob submit = checked.submission();
        if (checked.error() != null) {
            Throwable cause = checked.error() instanceof java.util.concurrent.CompletionException
                    && checked.error().getCause() != null ? checked.error().getCause() : checked.error();
            context.getLog().warn("Job {} ({}) refused: {}", submit.jobId(), submit.spec(), cause.getMessage());
            submit.replyTo().tell(new JobRefused(submit.jobId(), cause.getMessage()));
            return Effect().none();
        }
        if (state.running.containsKey(submit.jobId())) {
            submit.replyTo().tell(new JobAccepted(submit.jobId()));
            return Effect().none();
        }
        return Effect().persist(new JobAdmitted(submit.jobId(), submit.spec(), checked.fingerprint()))
                .thenRun(s -> {
                    context.getLog().info("Job {} ({}) admitted", submit.jobId(), submit.spec());
                    startEntity(submit.jobId(), s.running.get(submit.jobId()));
                    submit.replyTo().tell(new JobAccepted(submit.jobId()));
                });
    }

    private akka.persistence.typed.javadsl.Effect<Event, State> onGetStatus(State state, GetJobStatus get) {
        ActorRef<JobEntity.Command> entity = entities.get(get.jobId());
        if (entity != null) {
            entity.tell(new JobEntity.GetStatus(get.replyTo()));
        } else {
            get.replyTo().tell(endedStatus(state, get.jobId()));
        }
        return Effect().none();
    }

    private akka.persistence.typed.javadsl.Effect<Event, State> onCancel(State state, CancelJob cancel) {
        ActorRef<JobEntity.Command> entity = entities.get(cancel.jobId());
        if (entity != null) {
            entity.tell(new JobEntity.Cancel(cancel.replyTo()));
        } else {
            cancel.replyTo().tell(endedStatus(state, cancel.jobId()));
        }
        return Effect().none();
    }

    private static JobStatusReply endedStatus(State state, String jobId) {
        JobFinished ended = state.ended.get(jobId);
        if (ended == null) {
            return new JobStatusReply(jobId, null, "The cluster does not know job " + jobId, -1, -1);
        }
        return new JobStatusReply(jobId, ended.status(), ended.failure(), -1, -1);
    }

    private void startEntity(String jobId, RunningJob job) {
        ActorRef<JobEntity.Command> entity = context.spawn(
                JobEntity.create(jobId, job.spec(), job.fingerprint(), host, context.getSelf()), "job-" + jobId);
        entities.put(jobId, entity);
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(JobAdmitted.class, (state, admitted) -> {
                    state.running.put(admitted.jobId(), new RunningJob(admitted.spec(), admitted.fingerprint()));
                    return state;
                })
                .onEvent(JobFinished.class, (state, finished) -> {
                    state.running.remove(finished.jobId());
                    state.ended.put(finished.jobId(), finished);
                    if (state.ended.size() > ENDED_KEPT) {
                        state.ended.remove(state.ended.keySet().iterator().next());
                    }
                    return state;
                })
                .build();
    }
}
