package io.flinkstream.api.actor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;

import java.time.Duration;

/**
 * What a {@link TaskActorAware} function or source reader may do with the actors of its node. Everything here
 * belongs to one subtask attempt and is called on the subtask's thread; handlers and callbacks run on that thread
 * too, one at a time with the records, so they may touch the function's fields without locks. What a handler or
 * callback throws fails the subtask like an exception from {@code invoke}, naming the operator.
 *
 * <pre>{@code
 * public void setTaskActorContext(TaskActorContext context) {
 *     this.actors = context;
 *     this.ackTo = context.receiver(Ack.class, ack -> { inFlight--; if (inFlight < max) context.resumeInput(); });
 * }
 * }</pre>
 */
public interface TaskActorContext {

    /** The actor system of the node running the subtask: the service's own system when FlinkStream is attached. */
    ActorSystem<?> system();

    /** "operator 'Sink: to orders' (subtask 1/2)", for messages. */
    String describe();

    /**
     * A new actor reference whose messages are handed to {@code handler} on the subtask's thread. It lives as long as
     * the subtask attempt: messages arriving after the attempt ended go to dead letters or are dropped, never to a
     * later attempt.
     */
    <M> ActorRef<M> receiver(Class<M> type, MessageHandler<M> handler);

    /**
     * Runs {@code callback} on the subtask's thread after {@code delay}, unless the attempt has ended by then.
     *
     * @return a handle that cancels the callback
     */
    Cancellable scheduleOnce(Duration delay, Callback callback);

    /**
     * Stops the subtask from taking input after the current record: no further record reaches any operator of the
     * subtask, a source is not polled, and the subtask does not end, until {@link #resumeInput()}. Upstream subtasks
     * run out of credit in turn, so a pause backpressures the job up to its sources. Calling it while paused does
     * nothing.
     */
    void pauseInput();

    /** Lets the subtask take input again; calling it while not paused does nothing. */
    void resumeInput();

    /** Whether this function has paused the subtask's input. */
    boolean isInputPaused();

    /** Handles a message on the subtask's thread. */
    @FunctionalInterface
    interface MessageHandler<M> {
        void onMessage(M message) throws Exception;
    }

    /** A timer callback, run on the subtask's thread. */
    @FunctionalInterface
    interface Callback {
        void run() throws Exception;
    }

    /** Cancels a scheduled callback. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the callback if it has not run yet. */
        void cancel();
    }
}
