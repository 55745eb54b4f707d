package io.flinkstream.runtime.task;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import io.flinkstream.api.actor.TaskActorContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The actor side of one subtask attempt for user code that talks to actors ({@link TaskActorContext}): message
 * receivers are child actors of the subtask that forward what they get as {@link SubtaskActor.OperatorMessage}s
 * tagged with the attempt and the receiver, timers are the subtask's own scheduled messages, and a pause holds the
 * subtask's {@link OutputPressure}. Everything is dropped when the attempt closes, so a late acknowledgement or timer
 * never reaches the next attempt. Single-threaded: the subtask's actor is its lock.
 */
final class TaskActors {
    private final ActorContext<SubtaskActor.Command> context;
    private final int attempt;
    private final Map<Long, Dispatch> targets = new HashMap<>();
    private final List<ActorRef<?>> children = new ArrayList<>();
    private OutputPressure pressure;
    private long nextId;
    private boolean closed;

    TaskActors(ActorContext<SubtaskActor.Command> context, int attempt) {
        this.context = context;
        this.attempt = attempt;
    }

    /** The subtask's actor system. */
    ActorSystem<?> system() {
        return context.getSystem();
    }

    /** The pressure a pause holds; set by the task before any operator is set up. */
    void usePressure(OutputPressure pressure) {
        this.pressure = pressure;
    }

    /** The view one operator (or source reader) gets; {@code description} names it in messages. */
    TaskActorContext forOperator(String operatorName, String description) {
        return new OperatorView(operatorName, description);
    }

    /** Runs the handler of a forwarded message or timer; false when it belongs to nothing live (ignore it). */
    boolean dispatch(SubtaskActor.OperatorMessage message) throws Exception {
        if (closed || message.attempt() != attempt) {
            return false;
        }
        Dispatch target = message.message() == TIMER ? targets.remove(message.target()) : targets.get(message.target());
        if (target == null) {
            return false;
        }
        try {
            target.run(message.message());
        } catch (UserCodeException e) {
            throw e;
        } catch (Exception e) {
            throw new UserCodeException(target.operatorName(), e);
        }
        return true;
    }

    /** Stops the receivers and forgets every handler and timer. */
    void close() {
        closed = true;
        targets.clear();
        for (ActorRef<?> child : children) {
            context.stop(child);
        }
        children.clear();
    }

    /** What a timer's scheduled message carries instead of a payload. */
    private static final Object TIMER = new Object() {
        @Override
        public String toString() {
            return "timer";
        }
    };

    private interface Dispatch {
        void run(Object message) throws Exception;

        String operatorName();
    }

    private static Behavior<Object> forwarder(ActorRef<SubtaskActor.Command> subtask, int attempt, long id) {
        return Behaviors.receiveMessage(message -> {
            subtask.tell(new SubtaskActor.OperatorMessage(attempt, id, message));
            return Behaviors.same();
        });
    }

    private final class OperatorView implements TaskActorContext {
        private final String operatorName;
        private final String description;
        private boolean paused;

        OperatorView(String operatorName, String description) {
            this.operatorName = operatorName;
            this.description = description;
        }

        @Override
        public ActorSystem<?> system() {
            return context.getSystem();
        }

        @Override
        public String describe() {
            return description;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <M> ActorRef<M> receiver(Class<M> type, MessageHandler<M> handler) {
            checkOpen("receiver");
            long id = nextId++;
            targets.put(id, new Dispatch() {
                @Override
                public void run(Object message) throws Exception {
                    if (!type.isInstance(message)) {
                        throw new IllegalStateException(description + " received a " + message.getClass().getName()
                                + " where it expects " + type.getName() + ": " + message);
                    }
                    handler.onMessage(type.cast(message));
                }

                @Override
                public String operatorName() {
                    return operatorName;
                }
            });
            ActorRef<Object> child = context.spawnAnonymous(forwarder(context.getSelf(), attempt, id));
            children.add(child);
            return (ActorRef<M>) (ActorRef<?>) child;
        }

        @Override
        public Cancellable scheduleOnce(Duration delay, Callback callback) {
            checkOpen("scheduleOnce");
            long id = nextId++;
            targets.put(id, new Dispatch() {
                @Override
                public void run(Object message) throws Exception {
                    callback.run();
                }

                @Override
                public String operatorName() {
                    return operatorName;
                }
            });
            akka.actor.Cancellable scheduled = context.scheduleOnce(delay, context.getSelf(),
                    new SubtaskActor.OperatorMessage(attempt, id, TIMER));
            return () -> {
                scheduled.cancel();
                targets.remove(id);
            };
        }

        @Override
        public void pauseInput() {
            if (!paused && !closed) {
                paused = true;
                pressure.hold();
            }
        }

        @Override
        public void resumeInput() {
            if (paused) {
                paused = false;
                pressure.release();
            }
        }

        @Override
        public boolean isInputPaused() {
            return paused;
        }

        private void checkOpen(String what) {
            if (closed) {
                throw new IllegalStateException(description + " called " + what + " after its subtask attempt ended");
            }
        }
    }
}
