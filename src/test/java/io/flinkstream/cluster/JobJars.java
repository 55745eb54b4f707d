package io.flinkstream.cluster;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Compiles a Java source at test time (javax.tools) and jars the classes: a job jar FlinkStream was never built with. */
final class JobJars {
    private JobJars() {
    }

    /**
     * Compiles {@code source}, the public class {@code className} (with package), into {@code jar}.
     *
     * @return the jar
     */
    static Path compile(String className, String source, Path jar) throws IOException {
        Path work = Files.createTempDirectory("job-jar");
        Path sources = work.resolve("src");
        Path classes = work.resolve("classes");
        Path file = sources.resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.createDirectories(classes);
        Files.writeString(file, source);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = compiler.run(null, null, errors, "--release", "17", "-d", classes.toString(), file.toString());
        if (status != 0) {
            throw new IllegalStateException("The test job did not compile: " + errors);
        }
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path classFile : files.filter(Files::isRegularFile).sorted().toList()) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(classFile).toString().replace('\\', '/')));
                jarOut.write(Files.readAllBytes(classFile));
                jarOut.closeEntry();
            }
        }
        return jar;
    }

    /** A job class implementing {@code Supplier<String>}, in a package FlinkStream's class path does not have. */
    static final String GREETER = "com.example.jobs.Greeter";
    static final String GREETER_SOURCE = """
            package com.example.jobs;
            public class Greeter implements java.util.function.Supplier<String> {
                @Override public String get() { return "hello from a job jar"; }
            }
            """;
}
