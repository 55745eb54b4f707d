package io.flinkstream.runtime.task;

import akka.actor.typed.Behavior;
import akka.actor.typed.BehaviorInterceptor;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.javadsl.Behaviors;

/**
 * Makes the job's class loader the thread's context class loader while a subtask's actor handles a message, as
 * Flink's task threads do: user code, and the libraries it calls (Kryo resolving class names of restored state,
 * reflection in user functions), find the job's classes even when they come from a class loader of their own. The
 * actor sets the loader when it is deployed; until then, and after, the thread's own loader stays.
 */
final class UserCodeClassLoader {
    private ClassLoader loader;

    /** The job's class loader from now on; null for none. Called on the actor's thread. */
    void set(ClassLoader loader) {
        this.loader = loader;
    }

    /** {@code behavior}, handling each message with the job's class loader as the context class loader. */
    <T> Behavior<T> around(Class<T> messageClass, Behavior<T> behavior) {
        return Behaviors.intercept(() -> new BehaviorInterceptor<T, T>(messageClass) {
            @Override
            public Behavior<T> aroundReceive(TypedActorContext<T> ctx, T msg, ReceiveTarget<T> target) {
                ClassLoader job = loader;
                if (job == null) {
                    return target.apply(ctx, msg);
                }
                Thread thread = Thread.currentThread();
                ClassLoader previous = thread.getContextClassLoader();
                thread.setContextClassLoader(job);
                try {
                    return target.apply(ctx, msg);
                } finally {
                    thread.setContextClassLoader(previous);
                }
            }
        }, behavior);
    }
}
