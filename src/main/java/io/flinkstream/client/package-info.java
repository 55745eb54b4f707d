/**
 * Submitting jobs to a running cluster from another JVM: {@link io.flinkstream.client.ClusterClient} (an Akka remoting endpoint that is not a cluster member) and the {@link io.flinkstream.client.ClusterJob} handle. Depends on {@code cluster.jobs} for the job manager's protocol, on {@code cluster} for the protocol of a node's traffic counters ({@code NodeTraffic}) and on {@code runtime.graph} for job ids.
 */
package io.flinkstream.client;
