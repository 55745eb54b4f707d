package io.flinkstream.cluster.jobs;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.ShardingEnvelope;
import io.flinkstream.api.JobExecutionResult;
import io.flinkstream.api.JobMetrics;
import io.flinkstream.cluster.FlinkStreamNode;
import io.flinkstream.runtime.graph.JobGraph;
import io.flinkstream.runtime.job.JobMaster;
import io.flinkstream.runtime.task.SubtaskActor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The job master sends {@code Deploy} again to subtasks that have not answered, as when a shard region still routes
 * a subtask to a node that died and is not yet removed: a lost {@code Deploy} costs one retry interval, not the deploy
 * timeout. A subtask that gets a copy of its attempt's {@code Deploy} (retries race with its answer) goes on running.
 */
class DeployAgainTest {
    private static final long COUNT = 600;
    private static final Duration RETRY = Duration.ofMillis(200);

    @TempDir
    Path out;
    @TempDir
    Path checkpoints;

    @Test
    void when_a_deploy_is_lost_then_the_master_sends_it_again_and_the_job_finishes_exactly_once() throws Exception {
        try (FlinkStreamNode node = FlinkStreamNode.startEmbedded()) {
            // Given a region that loses the first Deploy of one subtask, and a deploy timeout far beyond the test
            JobGraph graph = plan(node, "open");
            String lostSubtask = SubtaskActor.entityId(graph.jobId(), 0, 1);
            AtomicInteger lost = new AtomicInteger();
            ActorRef<ShardingEnvelope<SubtaskActor.Command>> region = node.system().systemActorOf(
                    alteringDeploys(node.subtaskRegion(), (envelope, deploys) -> {
                        if (envelope.entityId().equals(lostSubtask) && lost.get() == 0) {
                            lost.incrementAndGet();
                            return 0;
                        }
                        return 1;
                    }), "losing-region", Props.empty());

            // When the job runs
            CompletableFuture<JobExecutionResult> result = run(node, graph, region);

            // Then it finishes well before the deploy timeout, with the lost subtask deployed on a retry
            result.get(30, TimeUnit.SECONDS);
            assertEquals(1, lost.get());
            Output.assertEachNumberOnce(out, COUNT);
        }
    }

    @Test
    void when_a_copy_of_its_deploy_arrives_while_a_subtask_runs_then_it_runs_on() throws Exception {
        try (FlinkStreamNode node = FlinkStreamNode.startEmbedded()) {
            // Given a region that delivers every Deploy once more 300 ms later, when the subtasks already run (their
            // source halts halfway until the gate opens)
            String gate = "deploy-copies-" + System.nanoTime();
            JobGraph graph = plan(node, gate);
            AtomicInteger copies = new AtomicInteger();
            ActorRef<ShardingEnvelope<SubtaskActor.Command>> region = node.system().systemActorOf(
                    Behaviors.<ShardingEnvelope<SubtaskActor.Command>>setup(context -> Behaviors.receiveMessage(m -> {
                        node.subtaskRegion().tell(m);
                        if (m.message() instanceof SubtaskActor.Deploy) {
                            context.getSystem().scheduler().scheduleOnce(Duration.ofMillis(300), () -> {
                                node.subtaskRegion().tell(m);
                                copies.incrementAndGet();
                            }, context.getExecutionContext());
                        }
                        return Behaviors.same();
                    })), "copying-region", Props.empty());

            // When the job runs and every copy has arrived
            CompletableFuture<JobExecutionResult> result = run(node, graph, region);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (copies.get() < graph.subtaskCount() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(graph.subtaskCount(), copies.get(), "copies delivered");
            GatedNumbersJob.open(gate);

            // Then the job finishes with its output exact: no copy restarted a running subtask
            result.get(30, TimeUnit.SECONDS);
            Output.assertEachNumberOnce(out, COUNT);
        }
    }

    /** How many times to pass a Deploy on: 0 loses it. */
    private interface DeployFate {
        int times(ShardingEnvelope<SubtaskActor.Command> envelope, int deploysSoFar);
    }

    /** Passes every message on to {@code region}, each Deploy as many times as {@code fate} says. */
    private static Behavior<ShardingEnvelope<SubtaskActor.Command>> alteringDeploys(
            ActorRef<ShardingEnvelope<SubtaskActor.Command>> region, DeployFate fate) {
        AtomicInteger deploys = new AtomicInteger();
        return Behaviors.receiveMessage(envelope -> {
            int times = envelope.message() instanceof SubtaskActor.Deploy
                    ? fate.times(envelope, deploys.getAndIncrement()) : 1;
            for (int i = 0; i < times; i++) {
                region.tell(envelope);
            }
            return Behaviors.same();
        });
    }

    private JobGraph plan(FlinkStreamNode node, String gate) {
        JobGraph graph = PlanCapture.run(new JobSpec(GatedNumbersJob.class.getName(), List.of(out.toString(),
                        checkpoints.toString(), String.valueOf(COUNT), gate, "2")), JobGraph.newJobId(),
                getClass().getClassLoader(), node.system().settings().config(), "test");
        node.registry().register(graph, getClass().getClassLoader());
        return graph;
    }

    private static CompletableFuture<JobExecutionResult> run(FlinkStreamNode node, JobGraph graph,
                                                             ActorRef<ShardingEnvelope<SubtaskActor.Command>> region) {
        CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
        node.system().systemActorOf(JobMaster.create(graph, node.registry(), region, result,
                        new CompletableFuture<JobMetrics>(),
                        new JobMaster.JobMasterSettings(Duration.ofSeconds(120), Duration.ofSeconds(10), RETRY)),
                "job-" + graph.jobId(), Props.empty());
        return result;
    }
}
