package io.flinkstream.cli;

import java.io.PrintStream;

/** Lets tests of other packages run {@code flinkstream run} and read its output and exit code. */
public final class RunCommandAccess {
    private RunCommandAccess() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return RunCommand.run(args, out, err);
    }
}
