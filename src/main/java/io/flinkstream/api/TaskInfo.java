package io.flinkstream.api;

/**
 * What a subtask knows about itself.
 *
 * @param taskName the operator chain's name
 * @param indexOfThisSubtask 0-based subtask index
 * @param numberOfParallelSubtasks the operator's parallelism
 * @param maxNumberOfParallelSubtasks the job's max parallelism (number of key groups)
 * @param attemptNumber 0 on the first run, incremented on every restart
 */
public record TaskInfo(String taskName, int indexOfThisSubtask, int numberOfParallelSubtasks,
                       int maxNumberOfParallelSubtasks, int attemptNumber) {

    /** Flink-style accessor. */
    public String getTaskName() {
        return taskName;
    }

    /** Flink-style accessor. */
    public int getIndexOfThisSubtask() {
        return indexOfThisSubtask;
    }

    /** Flink-style accessor. */
    public int getNumberOfParallelSubtasks() {
        return numberOfParallelSubtasks;
    }

    /** Flink-style accessor. */
    public int getMaxNumberOfParallelSubtasks() {
        return maxNumberOfParallelSubtasks;
    }

    /** Flink-style accessor. */
    public int getAttemptNumber() {
        return attemptNumber;
    }
}
