/**
 * Runnable example jobs, compiled by the normal build so they never rot: the page-view counter, the project's main
 * job, which counts each page's visits with keyed state, checkpoints every second, and can inject a failure to show
 * an exactly-once restore. The {@code cluster} subpackage is the job of the sample cluster (docs/deployment.md), which verifies its own output. The {@code orders} subpackage is a Java service embedding FlinkStream in its own actor system (docs/embedding.md). They use only the public API ({@code io.flinkstream.api} and its subpackages, the node, and the connectors).
 */
package io.flinkstream.samples;
