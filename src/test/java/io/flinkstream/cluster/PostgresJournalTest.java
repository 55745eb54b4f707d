package io.flinkstream.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.pattern.StatusReply;
import akka.persistence.jdbc.testkit.javadsl.SchemaUtils;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The akka-persistence-jdbc journal on the PostgreSQL of {@code FLINKSTREAM_TEST_PG_URL} (started by
 * {@code .ci/run}): events an event-sourced actor persisted are recovered by a new actor system after the first one
 * is gone. Skipped when the variable is unset, except on CI ({@code CI=true}), where that is a failure.
 */
class PostgresJournalTest {
    static final String URL_VARIABLE = "FLINKSTREAM_TEST_PG_URL";

    /** The PostgreSQL JDBC URL, or the test is skipped (or fails, on CI) saying how to get one. */
    static String postgresUrl() {
        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            String how = URL_VARIABLE + " is unset, so there is no PostgreSQL to test against: run .ci/run, or "
                    + "start one with `.ci/postgres-start /tmp/pg` and export " + URL_VARIABLE + " to the URL it prints";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("On CI the PostgreSQL tests must run: " + how);
            }
            Assumptions.abort(how);
        }
        return url;
    }

    /** akka-persistence-jdbc 5.1.0 journal and snapshot store on that database (docs/deployment.md). */
    static Config journalConfig(String url) {
        return ConfigFactory.parseString("""
                akka.actor.provider = local
                akka.persistence.journal.plugin = "jdbc-journal"
                akka.persistence.snapshot-store.plugin = "jdbc-snapshot-store"
                akka-persistence-jdbc.shared-databases.slick {
                  profile = "slick.jdbc.PostgresProfile$"
                  db {
                    url = "%s"
                    driver = "org.postgresql.Driver"
                    numThreads = 2
                    maxConnections = 2
                    minConnections = 1
                  }
                }
                jdbc-journal.use-shared-db = "slick"
                jdbc-snapshot-store.use-shared-db = "slick"
                jdbc-read-journal.use-shared-db = "slick"
                """.formatted(url)).withFallback(ConfigFactory.load());
    }

    /** Appends each text it is given as an event; answers with every event so far. */
    sealed interface Command {
    }

    record Append(String text, ActorRef<StatusReply<List<String>>> replyTo) implements Command {
    }

    record Read(ActorRef<List<String>> replyTo) implements Command {
    }

    static final class Log extends EventSourcedBehavior<Command, String, List<String>> {
        Log(PersistenceId id) {
            super(id);
        }

        @Override
        public List<String> emptyState() {
            return new ArrayList<>();
        }

        @Override
        public CommandHandler<Command, String, List<String>> commandHandler() {
            return newCommandHandlerBuilder().forAnyState()
                    .onCommand(Append.class, (state, append) -> Effect().persist(append.text())
                            .thenReply(append.replyTo(), s -> StatusReply.success(List.copyOf(s))))
                    .onCommand(Read.class, (state, read) -> Effect().reply(read.replyTo(), List.copyOf(state)))
                    .build();
        }

        @Override
        public EventHandler<List<String>, String> eventHandler() {
            return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> {
                state.add(event);
                return state;
            });
        }
    }

    @Test
    void when_events_were_persisted_to_postgres_then_a_new_actor_system_recovers_every_one() throws Exception {
        String url = postgresUrl();
        Config config = journalConfig(url);
        PersistenceId id = PersistenceId.ofUniqueId("pg-test-" + UUID.randomUUID());
        Duration timeout = Duration.ofSeconds(30);
        List<String> written = new ArrayList<>();

        // Given an event-sourced actor that persisted 50 events, each acknowledged
        ActorSystem<Void> first = ActorSystem.create(Behaviors.empty(), "pg-first", config);
        try {
            SchemaUtils.createIfNotExists(first).toCompletableFuture().get(60, TimeUnit.SECONDS);
            ActorRef<Command> log = first.systemActorOf(new Log(id), "log", akka.actor.typed.Props.empty());
            for (int i = 0; i < 50; i++) {
                String text = "event-" + i;
                List<String> acknowledged = AskPattern.<Command, StatusReply<List<String>>>ask(log,
                        replyTo -> new Append(text, replyTo), timeout, first.scheduler())
                        .toCompletableFuture().get(30, TimeUnit.SECONDS).getValue();
                written.add(text);
                assertEquals(written, acknowledged);
            }
        } finally {
            // When that actor system is gone
            first.terminate();
            first.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }

        // Then an actor with the same id in a new actor system recovers all of them, in order
        ActorSystem<Void> second = ActorSystem.create(Behaviors.empty(), "pg-second", config);
        try {
            ActorRef<Command> log = second.systemActorOf(new Log(id), "log", akka.actor.typed.Props.empty());
            List<String> recovered = AskPattern.<Command, List<String>>ask(log, Read::new, timeout,
                    second.scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(written, recovered);
        } finally {
            second.terminate();
            second.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
