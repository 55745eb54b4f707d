/**
 * Test support for operators, in the spirit of Hazelcast Jet's {@code TestSupport.verifyProcessor}: an
 * {@link io.flinkstream.testing.OperatorTestHarness} that drives one operator as a subtask's runtime does (keyed state
 * backend, key groups, operator state, checkpoints serialized in the runtime's formats), and an
 * {@link io.flinkstream.testing.OperatorVerifier} that checks an operator gives the same output whether it runs
 * uninterrupted, is restored from a snapshot between every two records, or keeps running while its snapshots are
 * written late. Test code only; it may depend on {@code api}, {@code state} and {@code runtime.operators}, never on
 * the actors.
 */
package io.flinkstream.testing;
