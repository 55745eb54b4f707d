package io.flinkstream.connectors;

import io.flinkstream.api.RichSinkFunction;

import java.io.PrintStream;

/**
 * Prints each record on standard output (or standard error), prefixed with the subtask number when the sink runs
 * in parallel: {@code 2> record}. Behind {@code DataStream.print()}.
 *
 * @param <T> record type
 */
public final class PrintSink<T> extends RichSinkFunction<T> {
    private final boolean stdErr;
    private transient String prefix;

    public PrintSink(boolean stdErr) {
        this.stdErr = stdErr;
    }

    @Override
    public void open(io.flinkstream.api.OpenContext openContext) {
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        prefix = parallelism > 1 ? (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + 1) + "> " : "";
    }

    @Override
    public void invoke(T value, Context context) {
        PrintStream stream = stdErr ? System.err : System.out;
        stream.println(prefix + value);
    }
}
