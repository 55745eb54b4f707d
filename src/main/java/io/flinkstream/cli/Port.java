package io.flinkstream.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code port} command: rewrites the {@code org.apache.flink} imports of a Flink program's Java sources to
 * FlinkStream's ({@link ImportMapping}), changes no other line, and reports what it could not map.
 *
 * <pre>
 * flinkstream port src/main/java              # rewrites in place
 * flinkstream port src/main/java ported/java  # writes the rewritten tree to ported/java, other files copied
 * </pre>
 *
 * <p>Exit codes: 0 when every Flink name was mapped, {@value #EXIT_UNMAPPED} when some were not (everything that
 * could be rewritten still is), {@value #EXIT_USAGE} for wrong arguments or a missing directory,
 * {@value #EXIT_IO} when a file cannot be read or written.
 */
public final class Port {
    /** Some Flink names could not be mapped; the report lists them. */
    public static final int EXIT_UNMAPPED = 3;
    /** Wrong arguments, a missing directory, an output inside the input. */
    public static final int EXIT_USAGE = 2;
    /** A file could not be read or written. */
    public static final int EXIT_IO = 1;

    static final String USAGE = "flinkstream port <dir> [<out>]";

    private final ImportRewriter rewriter;
    private final PrintStream out;

    private Port(ImportRewriter rewriter, PrintStream out) {
        this.rewriter = rewriter;
        this.out = out;
    }

    /** Runs the command and exits with its code when that is not 0. */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the command: {@code args} are {@code <dir> [<out>]}; the report goes to {@code out}, errors to {@code err}.
     *
     * @return the exit code: 0, {@link #EXIT_UNMAPPED}, {@link #EXIT_USAGE} or {@link #EXIT_IO}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
            err.println("Usage: " + USAGE + "\n  Rewrites the org.apache.flink imports of the Java files under <dir> "
                    + "to FlinkStream's, in place or into <out>.");
            return EXIT_USAGE;
        }
        Path dir = Path.of(args[0]);
        Path target = args.length == 2 ? Path.of(args[1]) : null;
        String problem = checkArguments(dir, target);
        if (problem != null) {
            err.println(problem);
            return EXIT_USAGE;
        }
        Port port = new Port(new ImportRewriter(ImportMapping.flinkToFlinkStream()), out);
        try {
            return port.portTree(dir, target);
        } catch (IOException e) {
            err.println("Port stopped: " + e + ". Files before it were written; run again once it is fixed.");
            return EXIT_IO;
        }
    }

    private static String checkArguments(Path dir, Path target) {
        if (!Files.exists(dir)) {
            return "No such directory: " + dir + " (give the directory that holds the Flink program's sources)";
        }
        if (!Files.isDirectory(dir)) {
            return dir + " is a file, not a directory; give the directory that holds it";
        }
        if (target == null) {
            return null;
        }
        if (Files.exists(target) && !Files.isDirectory(target)) {
            return "Output " + target + " is a file; give a directory (it is created if missing)";
        }
        Path from = dir.toAbsolutePath().normalize();
        Path to = target.toAbsolutePath().normalize();
        if (to.startsWith(from)) {
            return "Output " + target + " is inside " + dir + "; give a directory outside it, or no output to "
                    + "rewrite in place";
        }
        return null;
    }

    private int portTree(Path dir, Path target) throws IOException {
        // Walk the real directory so that a <dir> given as a symbolic link is walked too, not taken as one file.
        Path root = dir.toRealPath();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        Tally tally = new Tally();
        for (Path found : files) {
            Path relative = root.relativize(found);
            Path file = dir.resolve(relative);
            Path destination = target == null ? file : target.resolve(relative);
            if (file.getFileName().toString().endsWith(".java")) {
                portFile(file, destination, target == null, tally);
            } else if (target != null) {
                Files.createDirectories(destination.getParent());
                Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
                tally.copied++;
            }
        }
        report(dir, target, tally);
        return tally.unmapped.isEmpty() ? 0 : EXIT_UNMAPPED;
    }

    private void portFile(Path file, Path destination, boolean inPlace, Tally tally) throws IOException {
        // ISO-8859-1 maps each byte to one char and back, so every byte the rewriter does not touch survives,
        // whatever the file's real encoding.
        String source = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        ImportRewriter.Result result = rewriter.rewrite(source);
        tally.scanned++;
        tally.rewritten += result.importsRewritten();
        boolean changed = result.importsRewritten() > 0;
        if (changed) {
            tally.changed++;
        }
        if (changed || !inPlace) {
            Files.createDirectories(destination.toAbsolutePath().getParent());
            Files.write(destination, result.text().getBytes(StandardCharsets.ISO_8859_1));
        }
        for (UnmappedReference reference : result.unmapped()) {
            tally.unmapped.add(reference.describe(destination.toString()));
        }
    }

    private void report(Path dir, Path target, Tally tally) {
        String where = target == null ? "rewritten in place" : "written to " + target;
        out.printf("Ported %s: %d Java files scanned, %d changed (%d imports rewritten), %s%s.%n", dir,
                tally.scanned, tally.changed, tally.rewritten, where,
                target == null ? "" : "; " + tally.copied + " other files copied");
        if (tally.unmapped.isEmpty()) {
            out.println("Every org.apache.flink name was mapped.");
            return;
        }
        out.println(tally.unmapped.size() + " org.apache.flink names could not be mapped (their lines are "
                + "unchanged):");
        for (String line : tally.unmapped) {
            out.println("  " + line);
        }
    }

    /** What one run did, for the report. */
    private static final class Tally {
        int scanned;
        int changed;
        int rewritten;
        int copied;
        final List<String> unmapped = new ArrayList<>();
    }
}
