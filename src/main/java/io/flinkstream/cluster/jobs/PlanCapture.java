package io.flinkstream.cluster.jobs;

import com.typesafe.config.Config;
import io.flinkstream.runtime.graph.JobGraph;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Rebuilds a job's graph on a node by running its class's {@code main(args)} in plan-capture mode, as Flink's plan
 * environments do: while it runs, {@code StreamExecutionEnvironment.getExecutionEnvironment()} returns an environment
 * whose {@code execute} hands the graph it built to this capture and stops {@code main} — no job runs. The graph
 * gets the job id the submitter chose, so every node's copy names the same job.
 *
 * <pre>{@code
 * JobGraph graph = PlanCapture.run(spec, jobId, classLoader, nodeConfig, "node 127.0.0.1:2552");
 * }</pre>
 *
 * <p>{@code execute} must be called on the thread running {@code main}. Runs user code: call it off actor threads.
 */
public final class PlanCapture {
    private static final ThreadLocal<PlanCapture> ACTIVE = new ThreadLocal<>();

    private final String jobId;
    private final Config settings;
    private JobGraph graph;

    private PlanCapture(String jobId, Config settings) {
        this.jobId = jobId;
        this.settings = settings;
    }

    /** Thrown by {@code execute} in capture mode to stop {@code main}; an Error, so user code rarely catches it. */
    public static final class PlanCaptured extends Error {
        private static final long serialVersionUID = 1L;

        private PlanCaptured() {
            super("The job graph was captured; main stops here", null, false, false);
        }
    }

    /**
     * Runs {@code spec}'s {@code main} with {@code classLoader} as the context class loader and returns the graph its
     * first {@code execute} built, with {@code jobId}.
     *
     * @param settings the configuration environments created in {@code main} read
     * @param where the node, for error messages
     * @throws JobPlanException naming the class and the node when the class is missing, has no {@code main}, its
     *     {@code main} throws, or returns without calling {@code execute}
     */
    public static JobGraph run(JobSpec spec, String jobId, ClassLoader classLoader, Config settings, String where) {
        Method main = mainOf(spec, classLoader, where);
        PlanCapture capture = new PlanCapture(jobId, settings);
        Thread thread = Thread.currentThread();
        ClassLoader previousLoader = thread.getContextClassLoader();
        PlanCapture previous = ACTIVE.get();
        ACTIVE.set(capture);
        thread.setContextClassLoader(classLoader);
        try {
            main.invoke(null, (Object) spec.args().toArray(new String[0]));
        } catch (InvocationTargetException e) {
            if (capture.graph == null) {
                Throwable cause = e.getCause();
                throw new JobPlanException("The main method of job class " + spec.jobClass() + " failed on " + where
                        + " while its job graph was built: " + cause + ". It must build the same job on every node "
                        + "from its arguments " + spec.args(), cause);
            }
        } catch (IllegalAccessException e) {
            throw new JobPlanException("The main method of job class " + spec.jobClass() + " cannot be called on "
                    + where + ": " + e.getMessage() + "; make the class and its main public", e);
        } finally {
            thread.setContextClassLoader(previousLoader);
            if (previous == null) {
                ACTIVE.remove();
            } else {
                ACTIVE.set(previous);
            }
        }
        if (capture.graph == null) {
            throw new JobPlanException("The main method of job class " + spec.jobClass() + " returned on " + where
                    + " without calling execute(): it must build its job with "
                    + "StreamExecutionEnvironment.getExecutionEnvironment() and call execute() on the thread of main");
        }
        return capture.graph;
    }

    private static Method mainOf(JobSpec spec, ClassLoader classLoader, String where) {
        Class<?> type;
        try {
            type = Class.forName(spec.jobClass(), false, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new JobPlanException("Job class " + spec.jobClass() + " is not on the classpath of " + where
                    + ": put the job's jar in the lib/ folder of every node (or on their classpath) and restart "
                    + "them; see docs/deployment.md, \"How a job reaches the nodes\"", e);
        }
        try {
            Method main = type.getMethod("main", String[].class);
            if (!Modifier.isStatic(main.getModifiers())) {
                throw new NoSuchMethodException("main is not static");
            }
            return main;
        } catch (NoSuchMethodException e) {
            throw new JobPlanException("Job class " + spec.jobClass() + " on " + where + " has no public static "
                    + "void main(String[] args): a job class builds its job in main and calls execute()", e);
        }
    }

    /** The settings of the capture running on this thread, or null when none runs. */
    public static Config activeSettings() {
        PlanCapture capture = ACTIVE.get();
        return capture == null ? null : capture.settings;
    }

    /** Whether a capture runs on this thread: {@code execute} must then capture instead of running the job. */
    public static boolean isActive() {
        return ACTIVE.get() != null;
    }

    /**
     * Hands the graph {@code execute} built to the capture on this thread and stops {@code main}.
     *
     * @throws PlanCaptured always
     * @throws IllegalStateException when no capture runs on this thread
     */
    public static PlanCaptured captured(JobGraph built) {
        PlanCapture capture = ACTIVE.get();
        if (capture == null) {
            throw new IllegalStateException("No job graph is being captured on this thread");
        }
        if (capture.graph == null) {
            capture.graph = built.withJobId(capture.jobId);
        }
        throw new PlanCaptured();
    }
}
