/**
 * Operators as the runtime drives them: set up, opened, fed one record at a time, finished at end of input, closed. Each wraps one user function and runs the rich-function life cycle; keyed operators get the subtask's keyed state backend through their context. A {@code TaskActorAware} function gets its {@code api.actor} context at setup. Depends on {@code api}, {@code api.state}, {@code api.actor} (an interface) and {@code state}; no actors, so operators are tested with plain unit tests.
 */
package io.flinkstream.runtime.operators;
