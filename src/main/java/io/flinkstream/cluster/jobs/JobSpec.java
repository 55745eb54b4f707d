package io.flinkstream.cluster.jobs;

import io.flinkstream.runtime.WireMessage;

import java.util.List;

/**
 * A job as it is submitted to a cluster: the class whose {@code main(args)} builds it, and those arguments. The class
 * must be on the classpath of every node; each node that needs the job's graph rebuilds it from this spec
 * ({@link PlanCapture}), so no user code ever travels over the wire.
 *
 * <pre>{@code
 * JobSpec spec = new JobSpec("com.example.WordCount", List.of("--input", "/data/in"));
 * }</pre>
 *
 * @param jobClass the fully qualified name of a class with {@code public static void main(String[])}
 * @param args the arguments its {@code main} is called with
 */
public record JobSpec(String jobClass, List<String> args) implements WireMessage {
    public JobSpec {
        if (jobClass == null || jobClass.isBlank()) {
            throw new IllegalArgumentException("A job spec needs the name of the job's class, e.g. com.example.MyJob");
        }
        args = args == null ? List.of() : List.copyOf(args);
    }

    /** The class and its arguments as a shell would take them: an argument with blanks or quotes in single quotes. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(jobClass);
        for (String arg : args) {
            text.append(' ').append(arg.matches("[A-Za-z0-9_./:=@%+,\\-]+") ? arg
                    : "'" + arg.replace("'", "'\\''") + "'");
        }
        return text.toString();
    }
}
