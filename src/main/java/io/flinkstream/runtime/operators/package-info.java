/**
 * Operators as the runtime drives them: set up, opened, fed one record at a time, finished at end of input, closed. Each wraps one user function and runs the rich-function life cycle; keyed operators get the subtask's keyed state backend through their context. Depends on {@code api}, {@code api.state} and {@code state}; no actors, so operators are tested with plain unit tests.
 */
package io.flinkstream.runtime.operators;
