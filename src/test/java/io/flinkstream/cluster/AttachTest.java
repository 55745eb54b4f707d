package io.flinkstream.cluster;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flinkstream.api.JobClient;
import io.flinkstream.api.JobExecutionException;
import io.flinkstream.api.JobStatus;
import io.flinkstream.api.MapFunction;
import io.flinkstream.api.StreamExecutionEnvironment;
import io.flinkstream.connectors.CollectSink;
import io.flinkstream.connectors.DiscardingSink;
import io.flinkstream.connectors.TestSources;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FlinkStream attached to a service's own actor system. */
class AttachTest {

    private static Config service(String extra) {
        return ConfigFactory.parseString(extra + "\n"
                + "akka.actor.provider = cluster\n"
                + "akka.remote.artery.canonical.hostname = \"127.0.0.1\"\n"
                + "akka.remote.artery.canonical.port = 0\n"
                + "akka.cluster.jmx.enabled = off\n"
                + "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n").withFallback(ConfigFactory.load());
    }

    private static void terminate(ActorSystem<?> system) throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void when_the_system_is_not_a_cluster_system_then_attach_says_which_setting_to_set() throws Exception {
        ActorSystem<Void> local = ActorSystem.create(Behaviors.empty(), "local-service",
                ConfigFactory.parseString("akka.actor.provider = local").withFallback(ConfigFactory.load()));
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FlinkStreamNode.attach(local));
            assertTrue(e.getMessage().contains("akka.actor.provider = cluster")
                    && e.getMessage().contains("'local-service'") && e.getMessage().contains("'local'"),
                    e.getMessage());
        } finally {
            terminate(local);
        }
    }

    @Test
    void when_the_system_never_joins_a_cluster_then_attach_fails_saying_how_to_join() throws Exception {
        ActorSystem<Void> lonely = ActorSystem.create(Behaviors.empty(), "lonely-service",
                service("flinkstream.node.start-timeout = 500ms"));
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> FlinkStreamNode.attach(lonely));
            assertTrue(e.getMessage().contains("akka.cluster.seed-nodes")
                    && e.getMessage().contains("flinkstream.embedding.join-self = on")
                    && e.getMessage().contains("500 ms"), e.getMessage());
            assertFalse(lonely.getWhenTerminated().toCompletableFuture().isDone());
        } finally {
            terminate(lonely);
        }
    }

    @Test
    void when_the_handle_closes_then_its_jobs_stop_and_the_service_system_runs_on() throws Exception {
        // Given a service's system with FlinkStream attached and two jobs running in it at once
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "busy-service",
                service("flinkstream.embedding.join-self = on"));
        try {
            FlinkStreamNode flink = FlinkStreamNode.attach(system);
            assertTrue(flink.isAttached());
            assertTrue(system == (Object) flink.system(), "no second actor system");
            StreamExecutionEnvironment endless = StreamExecutionEnvironment.onNode(flink);
            endless.setParallelism(2);
            endless.fromSource(new TestSources.EndlessSource(100), "endless").addSink(new DiscardingSink<>());
            JobClient running = endless.executeAsync("endless");
            CollectSink<Long> doubled = new CollectSink<>();
            StreamExecutionEnvironment bounded = StreamExecutionEnvironment.onNode(flink);
            bounded.setParallelism(2);
            bounded.fromSequence(1, 1000).map((MapFunction<Long, Long>) v -> v * 2).addSink(doubled);
            bounded.execute("bounded");
            assertEquals(1000, doubled.results().size());
            doubled.clear();
            assertEquals(JobStatus.RUNNING, running.getJobStatus().get(10, TimeUnit.SECONDS));

            // And a job that fails
            StreamExecutionEnvironment failing = StreamExecutionEnvironment.onNode(flink);
            failing.fromSequence(1, 10).map((MapFunction<Long, Long>) v -> {
                throw new IllegalStateException("broken map");
            }).addSink(new DiscardingSink<>());
            assertThrows(JobExecutionException.class, () -> failing.execute("failing"));

            // When the handle closes
            flink.close();

            // Then the endless job has ended, and the system is still running
            assertTrue(running.getJobExecutionResult().isDone());
            assertFalse(system.getWhenTerminated().toCompletableFuture().isDone());

            // And FlinkStream can be attached again and run a job
            try (FlinkStreamNode again = FlinkStreamNode.attach(system)) {
                CollectSink<Long> out = new CollectSink<>();
                StreamExecutionEnvironment env = StreamExecutionEnvironment.onNode(again);
                env.setParallelism(1);
                env.fromSequence(1, 5).addSink(out);
                env.execute("again");
                assertEquals(LongStream.rangeClosed(1, 5).boxed().toList(), List.copyOf(out.results()));
                out.clear();
            }
            assertFalse(system.getWhenTerminated().toCompletableFuture().isDone());
        } finally {
            terminate(system);
        }
    }
}
