/**
 * The job master, one actor per job: deploys the subtasks through sharding, wires them, watches them, ends the job when all finish, one fails or it is cancelled, and completes the job's result once every subtask actor has stopped. Also the node-local registry of jobs and the {@link io.flinkstream.api.JobClient} implementation. Depends on {@code runtime.graph}, {@code runtime.task} and the {@code api} result types.
 */
package io.flinkstream.runtime.job;
