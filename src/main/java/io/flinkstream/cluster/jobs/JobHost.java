package io.flinkstream.cluster.jobs;

import akka.actor.typed.ActorRef;
import akka.cluster.sharding.typed.ShardingEnvelope;
import com.typesafe.config.Config;
import io.flinkstream.runtime.job.JobMaster;
import io.flinkstream.runtime.job.JobRegistry;
import io.flinkstream.runtime.task.SubtaskActor;

import java.time.Duration;

/**
 * What a cluster node gives its durable job actors and its job resolver: the node's job registry and subtask
 * region, the job master's settings, the class loader of job classes, the configuration plan capture builds jobs
 * with, the journal, and the node's name for error messages.
 *
 * @param registry the jobs this node knows
 * @param region the shard region of subtask entities
 * @param masterSettings deploy and stop timeouts of job masters
 * @param jobClassLoader loads job classes (the node's classpath and lib/ folder)
 * @param config the node's configuration, which environments built in plan capture read
 * @param journal where the durable job actors persist
 * @param where the node, as errors name it: "node akka://flinkstream@127.0.0.1:2552"
 * @param askTimeout how long a node waits for the job manager to answer
 */
public record JobHost(JobRegistry registry, ActorRef<ShardingEnvelope<SubtaskActor.Command>> region,
                      JobMaster.JobMasterSettings masterSettings, ClassLoader jobClassLoader, Config config,
                      JournalSettings journal, String where, Duration askTimeout) {
}
