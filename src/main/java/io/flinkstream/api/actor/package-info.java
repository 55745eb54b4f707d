/**
 * The seam between user code and the actors of the node that runs it, for connectors that talk to actors (the actor
 * sink and the Akka Persistence Query source of {@code io.flinkstream.connectors.akka}): a function or source reader
 * that implements {@link io.flinkstream.api.actor.TaskActorAware} is given a
 * {@link io.flinkstream.api.actor.TaskActorContext}, through which it reaches the node's actor system, receives
 * messages and timer callbacks on its subtask's thread, and pauses its subtask's input without blocking a thread.
 * Depends on Akka's typed actor API only; nothing of the FlinkStream runtime.
 */
package io.flinkstream.api.actor;
