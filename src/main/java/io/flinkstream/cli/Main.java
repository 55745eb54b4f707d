package io.flinkstream.cli;

import io.flinkstream.samples.PageViewCounter;

import java.util.Arrays;

/**
 * The {@code flinkstream} command line: {@code pageviews} runs the page-view counter on the embedded node,
 * {@code bench} runs the benchmarks, {@code node} runs a cluster node, {@code port} rewrites a Flink program's imports to FlinkStream's.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            usage();
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "pageviews" -> PageViewCounter.main(rest);
            case "bench" -> Bench.main(rest);
            case "port" -> Port.main(rest);
            case "node" -> NodeCommand.main(rest);
            case "run" -> System.exit(RunCommand.run(rest, System.out, System.err));
            default -> {
                System.err.println("Unknown command '" + args[0] + "'.");
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.out.println("""
                Usage: java -jar target/flinkstream-all.jar COMMAND [OPTIONS]

                Commands:
                  pageviews [--visits N] [--pages N] [--parallelism N] [--checkpoint-interval MS] [--fail-at N]
                      Counts page visits with keyed state on the embedded node; prints progress, the top
                      pages and an exactness check.
                  bench [--records N] [--workloads W0,W1,W1C,W3]
                      Runs each workload cold then warm and prints records, wall time, records/s, peak heap.
                  bench [--records N] --compare A,B [--rounds R]
                      Compares workload B with A: a warm-up run of each, then R rounds in the order
                      A B B A ..., and a summary of the rates and of B's cost relative to A.
                  bench --cluster-jvms N [--records N] [--parallelism P] [--rounds R] [--warm-up-runs W]
                        [--node-jvm-opts "<options>"] [--node-config "<hocon>"]
                      W1 on N node JVMs started on 127.0.0.1 against W1 in this JVM, W warm-up runs of
                      each (default 1), then A B B A; prints
                      records/s, bytes/s between nodes, the share of CPU spent serializing, placement.
                  node [--config <file>] [--classpath <path>[:<path>...]]
                      Runs a cluster node configured by <file> (default: application.conf) until SIGTERM; job
                      classes come from lib/ (flinkstream.node.lib-dir) and --classpath. docs/deployment.md.
                  run --cluster <host:port> [--detached] <job-class> [args...]
                      Submits a job (a class on every node's classpath) to a running cluster; prints its id,
                      progress and end; exit code 1 if it fails. --detached returns once it is admitted.
                  port <dir> [<out>]
                      Rewrites the org.apache.flink imports of the Java files under <dir> to FlinkStream's,
                      in place or into <out>; reports what it could not map (exit code 3).
                """);
    }
}
