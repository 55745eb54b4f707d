/**
 * Job tests of the type system, written the way users write jobs: POJOs that are not {@code Serializable} in keyed
 * state and in collections, records emitted again and again as one mutable object, accumulators and reducers that
 * change their argument in place, source splits that go on moving after the barrier, values no serializer can write,
 * state restored into an incompatible or an evolved type. Each test fails on the behaviour the type work replaced:
 * state and records passed by reference and Java-serialized late. Tests here depend on the public API, the shared
 * embedded node of {@link io.flinkstream.EmbeddedNodeTestBase} and the test fixtures of this package only.
 */
package io.flinkstream.types;
