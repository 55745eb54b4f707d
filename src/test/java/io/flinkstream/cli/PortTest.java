package io.flinkstream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code port} command on small source trees in a temporary directory. */
class PortTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int port(Path... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = args[i].toString();
        }
        return Port.run(strings, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    private String report() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private Path write(String relative, String text) throws IOException {
        Path file = temp.resolve("src").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void when_a_crlf_file_is_ported_then_only_the_import_lines_change_byte_for_byte() throws IOException {
        // Given a CRLF file with non-ASCII text, a trailing comment on an import and no newline at the end
        String before = "// Zählt Wörter\r\npackage demo;\r\n\r\n"
                + "import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment; // env\r\n"
                + "import java.util.List;\r\n"
                + "import org.apache.flink.util.Collector;\r\n\r\n"
                + "class Job {\r\n    String s = \"é\";\r\n}";
        Path file = write("demo/Job.java", before);

        // When
        int code = port(temp.resolve("src"), temp.resolve("out"));

        // Then every line but the two imports is identical, terminators included
        String expected = before
                .replace("org.apache.flink.streaming.api.environment.StreamExecutionEnvironment",
                        "io.flinkstream.api.StreamExecutionEnvironment")
                .replace("org.apache.flink.util.Collector", "io.flinkstream.api.Collector");
        assertEquals(0, code, report());
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(temp.resolve("out/demo/Job.java")));
        assertArrayEquals(before.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
    }

    @Test
    void when_a_file_has_no_flink_import_then_its_bytes_are_copied_as_they_are() throws IOException {
        // Given bytes that are not valid UTF-8 and mixed line terminators
        byte[] before = "class Plain {\n}\r\n// \u00ff\r".getBytes(StandardCharsets.ISO_8859_1);
        Path file = temp.resolve("src/Plain.java");
        Files.createDirectories(file.getParent());
        Files.write(file, before);

        // When
        int code = port(temp.resolve("src"), temp.resolve("out"));

        // Then
        assertEquals(0, code, report());
        assertArrayEquals(before, Files.readAllBytes(temp.resolve("out/Plain.java")));
    }

    @Test
    void when_static_imports_are_ported_then_the_class_is_mapped_and_the_member_kept() throws IOException {
        // Given
        write("S.java", "import static org.apache.flink.api.common.typeinfo.Types.STRING;\n"
                + "import static org.apache.flink.api.common.typeinfo.Types.*;\n");

        // When
        int code = port(temp.resolve("src"), temp.resolve("out"));

        // Then
        assertEquals(0, code, report());
        assertEquals("import static io.flinkstream.api.typeinfo.Types.STRING;\n"
                + "import static io.flinkstream.api.typeinfo.Types.*;\n", read(temp.resolve("out/S.java")));
    }

    @Test
    void when_a_wildcard_package_maps_to_one_package_then_it_is_rewritten_else_it_is_reported() throws IOException {
        // Given one wildcard whose classes all live in io.flinkstream.api, and one whose classes are split
        write("W.java", "import org.apache.flink.api.common.functions.*;\n"
                + "import org.apache.flink.api.java.tuple.*;\n"
                + "import org.apache.flink.api.common.state.*;\n");

        // When
        int code = port(temp.resolve("src"), temp.resolve("out"));

        // Then
        assertEquals(Port.EXIT_UNMAPPED, code, report());
        assertEquals("import io.flinkstream.api.*;\n"
                + "import io.flinkstream.api.tuple.*;\n"
                + "import org.apache.flink.api.common.state.*;\n", read(temp.resolve("out/W.java")));
        assertTrue(report().contains("W.java:3: import org.apache.flink.api.common.state.*: its classes live in "
                + "io.flinkstream.api and io.flinkstream.api.state"), report());
    }

    @Test
    void when_imports_cannot_be_mapped_then_each_is_listed_with_file_and_line_and_the_exit_code_is_3()
            throws IOException {
        // Given an unknown import, a fully qualified use in code, and Flink names in a comment and a string
        write("pkg/U.java", "package pkg;\n"
                + "import org.apache.flink.util.Collector;\n"
                + "import org.apache.flink.streaming.api.windowing.time.Time;\n"
                + "class U {\n"
                + "    org.apache.flink.api.common.typeinfo.Types types; // org.apache.flink.in.Comment\n"
                + "    String s = \"org.apache.flink.in.String\";\n"
                + "}\n");

        // When
        int code = port(temp.resolve("src"), temp.resolve("out"));

        // Then the mapped import is still rewritten and the two others are reported where they are
        assertEquals(Port.EXIT_UNMAPPED, code, report());
        String written = temp.resolve("out").resolve("pkg").resolve("U.java").toString();
        List<String> unmapped = report().lines().filter(l -> l.startsWith("  ")).map(String::strip).toList();
        assertEquals(List.of(
                written + ":3: import org.apache.flink.streaming.api.windowing.time.Time: FlinkStream has no "
                        + "counterpart",
                written + ":5: fully qualified use of org.apache.flink.api.common.typeinfo.Types: not rewritten; "
                        + "write io.flinkstream.api.typeinfo.Types or import it"), unmapped);
        assertTrue(read(temp.resolve("out/pkg/U.java")).contains("import io.flinkstream.api.Collector;\n"));
    }

    @Test
    void when_an_output_dir_is_given_then_the_tree_is_written_there_and_the_input_is_untouched() throws IOException {
        // Given a Java file and a non-Java file in a subdirectory
        String source = "import org.apache.flink.util.Collector;\n";
        Path javaFile = write("a/b/C.java", source);
        Path other = write("a/notes.txt", "org.apache.flink.util.Collector\n");

        // When
        int code = port(temp.resolve("src"), temp.resolve("out"));

        // Then
        assertEquals(0, code, report());
        assertEquals("import io.flinkstream.api.Collector;\n", read(temp.resolve("out/a/b/C.java")));
        assertEquals(read(other), read(temp.resolve("out/a/notes.txt")));
        assertEquals(source, read(javaFile));
        assertTrue(report().contains("1 Java files scanned, 1 changed (1 imports rewritten)"), report());
    }

    @Test
    void when_no_output_dir_is_given_then_the_files_are_rewritten_in_place() throws IOException {
        // Given
        Path javaFile = write("C.java", "import org.apache.flink.api.common.state.ValueState;\n");
        Path other = write("notes.txt", "unchanged\n");

        // When
        int code = port(temp.resolve("src"));

        // Then
        assertEquals(0, code, report());
        assertEquals("import io.flinkstream.api.state.ValueState;\n", read(javaFile));
        assertEquals("unchanged\n", read(other));
        assertTrue(report().contains("rewritten in place"), report());
    }

    @Test
    void when_the_dir_is_a_symbolic_link_then_the_directory_it_points_to_is_ported() throws IOException {
        // Given
        write("C.java", "import org.apache.flink.util.Collector;\n");
        Path link = Files.createSymbolicLink(temp.resolve("link"), temp.resolve("src"));

        // When
        int code = port(link, temp.resolve("out"));

        // Then
        assertEquals(0, code, report());
        assertEquals("import io.flinkstream.api.Collector;\n", read(temp.resolve("out/C.java")));
    }

    @Test
    void when_the_dir_is_missing_then_the_error_names_it_and_the_exit_code_is_2() {
        // Given
        Path missing = temp.resolve("no-such-dir");

        // When
        int code = port(missing);

        // Then
        assertEquals(Port.EXIT_USAGE, code);
        assertEquals("No such directory: " + missing + " (give the directory that holds the Flink program's "
                + "sources)", stderr.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void when_the_output_is_inside_the_input_then_the_port_refuses_before_writing() throws IOException {
        // Given
        write("C.java", "import org.apache.flink.util.Collector;\n");

        // When
        int code = port(temp.resolve("src"), temp.resolve("src/ported"));

        // Then
        assertEquals(Port.EXIT_USAGE, code);
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("is inside"), stderr.toString());
        assertTrue(Files.notExists(temp.resolve("src/ported")));
    }

    @Test
    void when_called_without_arguments_then_the_usage_is_printed_and_the_exit_code_is_2() {
        // When
        int code = Port.run(new String[0], new PrintStream(stdout), new PrintStream(stderr));

        // Then
        assertEquals(Port.EXIT_USAGE, code);
        assertTrue(stderr.toString().contains("Usage: " + Port.USAGE), stderr.toString());
    }
}
