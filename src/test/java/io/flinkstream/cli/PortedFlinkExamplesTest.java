package io.flinkstream.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * End to end: ports the Flink programs in the test resources {@code flink-examples/} (Flink's state documentation
 * examples, with {@code org.apache.flink} imports) with the {@code port} command, compiles the result against
 * FlinkStream in process, runs it, and expects what Flink prints.
 *
 * <p>The examples are resources, not test sources, so this class compiles whatever FlinkStream lacks; if the ported
 * sources do not compile, every test fails with the compiler's messages.
 */
class PortedFlinkExamplesTest {

    @TempDir
    static Path temp;

    private static Path classes;
    private static String compileFailure;
    private static String portReport;

    @BeforeAll
    static void portAndCompile() throws Exception {
        URL examples = PortedFlinkExamplesTest.class.getResource("/flink-examples");
        assertNotNull(examples, "test resource flink-examples/ is missing");
        Path ported = temp.resolve("ported");
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        int code = Port.run(new String[] {Path.of(examples.toURI()).toString(), ported.toString()},
                new PrintStream(report, true, StandardCharsets.UTF_8), System.err);
        portReport = report.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, portReport);
        classes = Files.createDirectories(temp.resolve("classes"));
        compileFailure = compile(ported, classes);
    }

    /** Compiles every Java file under {@code sources} into {@code output}; returns null, or the errors. */
    private static String compile(Path sources, Path output) throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            return "no system Java compiler: run the tests on a JDK, not a JRE";
        }
        List<File> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).sorted().toList();
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager =
                     compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-classpath", testClassPath(), "-d", output.toString(), "-proc:none");
            boolean ok = compiler.getTask(null, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromFiles(files)).call();
            if (ok) {
                return null;
            }
        }
        StringBuilder errors = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                String source = d.getSource() == null ? "?" : Path.of(d.getSource().toUri()).getFileName().toString();
                errors.append("\n  ").append(source).append(':').append(d.getLineNumber()).append(": ")
                        .append(d.getMessage(null));
            }
        }
        return errors.toString();
    }

    /** Surefire may hide the class path behind a manifest-only jar; it names the real one in this property. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static void assertCompiled() {
        if (compileFailure != null) {
            fail("The ported Flink examples do not compile against FlinkStream:" + compileFailure
                    + "\nPort report:\n" + portReport);
        }
    }

    /** Runs {@code className.main(args)} from the ported classes with them as the job's user code; returns stdout. */
    private static String runMain(URLClassLoader loader, String className, String... args) throws Exception {
        PrintStream originalOut = System.out;
        ClassLoader originalContext = Thread.currentThread().getContextClassLoader();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try {
            System.setOut(capture);
            Thread.currentThread().setContextClassLoader(loader);
            Class.forName(className, true, loader).getMethod("main", String[].class).invoke(null, (Object) args);
        } finally {
            Thread.currentThread().setContextClassLoader(originalContext);
            System.setOut(originalOut);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static URLClassLoader portedClasses() throws Exception {
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, PortedFlinkExamplesTest.class.getClassLoader());
    }

    @Test
    void when_count_window_average_runs_ported_then_it_prints_what_flink_prints() throws Exception {
        // Given the ported and compiled example
        assertCompiled();

        // When
        String printed;
        try (URLClassLoader loader = portedClasses()) {
            printed = runMain(loader, "CountWindowAverage");
        }

        // Then the averages of (3, 5) and (7, 4); the last record (2) waits for a partner that never comes
        List<String> averages = new ArrayList<>(printed.lines()
                .filter(l -> l.matches("(\\d+> )?\\(.*\\)"))
                .map(l -> l.replaceFirst("^\\d+> ", ""))
                .toList());
        Collections.sort(averages);
        assertEquals(List.of("(1,4)", "(1,5)"), averages, printed);
    }

    @Test
    void when_buffering_sink_runs_ported_with_checkpoints_then_every_element_is_delivered_once() throws Exception {
        // Given the ported and compiled example and a job that records what the sink delivers
        assertCompiled();
        int records = 10;

        // When
        List<String> delivered;
        try (URLClassLoader loader = portedClasses()) {
            runMain(loader, "BufferingSinkJob", String.valueOf(records));
            @SuppressWarnings("unchecked")
            List<String> got = (List<String>) Class.forName("BufferingSinkJob", true, loader)
                    .getMethod("delivered").invoke(null);
            delivered = new ArrayList<>(got);
        }

        // Then each element exactly once, whatever the order across sink subtasks
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            expected.add("(word-" + (i % 3) + "," + i + ")");
        }
        Collections.sort(expected);
        Collections.sort(delivered);
        assertEquals(expected, delivered);
        assertTrue(portReport.contains("Every org.apache.flink name was mapped."), portReport);
    }
}
