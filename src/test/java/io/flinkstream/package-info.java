/**
 * Fixtures shared by the tests of several packages, such as {@link io.flinkstream.EmbeddedNodeTestBase}, the one
 * embedded node a test class runs its jobs on. Test code only; it may depend on any FlinkStream package.
 */
package io.flinkstream;
