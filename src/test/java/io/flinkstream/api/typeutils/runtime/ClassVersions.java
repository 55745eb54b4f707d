package io.flinkstream.api.typeutils.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * One version of some classes, compiled from source at test time into its own directory and loaded by its own class
 * loader (parent: the test's), so that two versions of a class of the same name can live in one test.
 */
final class ClassVersions {
    private ClassVersions() {
    }

    /**
     * Compiles {@code sources} (class name to source text) and returns a loader for them.
     *
     * @throws AssertionError with the compiler's output when compilation fails
     */
    static ClassLoader compile(Map<String, String> sources) {
        try {
            Path dir = Files.createTempDirectory("class-version");
            List<String> args = new ArrayList<>(List.of("-d", dir.toString(), "--release", "17"));
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = dir.resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                args.add(file.toString());
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
            int status = compiler.run(null, null, errors, args.toArray(String[]::new));
            if (status != 0) {
                throw new AssertionError("Compilation failed: " + errors);
            }
            return new URLClassLoader(new URL[] {dir.toUri().toURL()}, ClassVersions.class.getClassLoader());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles one class. */
    static ClassLoader compile(String className, String source) {
        return compile(Map.of(className, source));
    }
}
