package io.flinkstream.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The table from Flink class names to FlinkStream class names that {@link Port} rewrites imports with, read from the
 * resource {@code flink-imports.tsv} next to this class (one {@code flink.Name<TAB>io.flinkstream.Name} row per
 * line, {@code #} comments).
 *
 * <p>A name resolves through the longest mapped class it starts with, so a nested class or a static member follows
 * its outer class: {@code org.apache.flink.api.common.typeinfo.Types.STRING} becomes
 * {@code io.flinkstream.api.typeinfo.Types.STRING}. A package resolves only when every mapped class of that Flink
 * package lives in one FlinkStream package.
 *
 * <pre>{@code
 * ImportMapping mapping = ImportMapping.flinkToFlinkStream();
 * mapping.resolve("org.apache.flink.util.Collector");   // Mapped[io.flinkstream.api.Collector]
 * mapping.resolveWildcard("org.apache.flink.api.common.state");   // Unmapped: spans two packages
 * }</pre>
 */
public final class ImportMapping {
    /** The table's resource, relative to this class. */
    public static final String RESOURCE = "flink-imports.tsv";

    private static final String NO_COUNTERPART = "FlinkStream has no counterpart";

    private final Map<String, String> classes;

    private ImportMapping(Map<String, String> classes) {
        this.classes = Collections.unmodifiableMap(new TreeMap<>(classes));
    }

    /** The outcome of resolving a Flink name. */
    public sealed interface Resolution {
        /** The FlinkStream name to write instead. */
        record Mapped(String name) implements Resolution {
        }

        /** No FlinkStream name; {@code reason} says why, for the report. */
        record Unmapped(String reason) implements Resolution {
        }
    }

    /** The table shipped with FlinkStream. */
    public static ImportMapping flinkToFlinkStream() {
        try (InputStream in = ImportMapping.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + RESOURCE + " is missing next to "
                        + ImportMapping.class.getName() + "; the jar is incomplete, rebuild it");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return parse(reader.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /**
     * A table from rows {@code flink.Name<TAB>io.flinkstream.Name}; blank lines and lines starting with {@code #} are
     * skipped.
     *
     * @throws IllegalArgumentException for a malformed row, a Flink name mapped twice, or a row whose simple names
     *     differ (the port rewrites imports only, so the code must keep naming the class as it did)
     */
    public static ImportMapping parse(List<String> lines) {
        Map<String, String> classes = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t");
            String where = RESOURCE + " line " + (i + 1) + " '" + line + "'";
            if (columns.length != 2 || columns[0].isBlank() || columns[1].isBlank()) {
                throw new IllegalArgumentException(where + ": expected 'flink.Name<TAB>io.flinkstream.Name'");
            }
            String flink = columns[0].strip();
            String flinkStream = columns[1].strip();
            if (!simpleName(flink).equals(simpleName(flinkStream))) {
                throw new IllegalArgumentException(where + ": simple names differ; the port keeps the code's "
                        + "names, so map to a class named " + simpleName(flink));
            }
            if (classes.put(flink, flinkStream) != null) {
                throw new IllegalArgumentException(where + ": " + flink + " is mapped twice");
            }
        }
        return new ImportMapping(classes);
    }

    /** Every row: Flink class name to FlinkStream class name, sorted by the Flink name. */
    public Map<String, String> classes() {
        return classes;
    }

    /**
     * Resolves a class, a nested class or a static member through the longest mapped class it starts with.
     *
     * @param flinkName e.g. {@code org.apache.flink.api.common.state.ValueState} or
     *     {@code org.apache.flink.streaming.api.functions.ProcessFunction.Context}
     */
    public Resolution resolve(String flinkName) {
        for (String prefix = flinkName; prefix != null; prefix = parent(prefix)) {
            String target = classes.get(prefix);
            if (target != null) {
                return new Resolution.Mapped(target + flinkName.substring(prefix.length()));
            }
        }
        return new Resolution.Unmapped(NO_COUNTERPART);
    }

    /**
     * Resolves the part before {@code .*} of a wildcard import: a class (its nested classes or static members are
     * imported) or a package.
     *
     * <p>A package resolves to a FlinkStream package only when all mapped classes of that Flink package live in one
     * FlinkStream package; a class only when none of its nested classes was mapped elsewhere.
     */
    public Resolution resolveWildcard(String flinkPrefix) {
        Set<String> targets = new TreeSet<>();
        for (Map.Entry<String, String> row : classes.entrySet()) {
            String flink = row.getKey();
            if (packageOf(flink).equals(flinkPrefix)) {
                targets.add(packageOf(row.getValue()));
            }
        }
        Resolution asClass = resolveClassWildcard(flinkPrefix);
        if (asClass != null) {
            return asClass;
        }
        if (targets.isEmpty()) {
            return new Resolution.Unmapped(NO_COUNTERPART);
        }
        if (targets.size() > 1) {
            return new Resolution.Unmapped("its classes live in " + String.join(" and ", targets)
                    + "; import them one by one");
        }
        return new Resolution.Mapped(targets.iterator().next());
    }

    private Resolution resolveClassWildcard(String flinkPrefix) {
        if (!(resolve(flinkPrefix) instanceof Resolution.Mapped mapped)) {
            return null;
        }
        for (Map.Entry<String, String> row : classes.entrySet()) {
            String flink = row.getKey();
            if (flink.startsWith(flinkPrefix + ".")
                    && !row.getValue().equals(mapped.name() + flink.substring(flinkPrefix.length()))) {
                return new Resolution.Unmapped("its member " + simpleName(flink) + " is " + row.getValue()
                        + " in FlinkStream; import the members one by one");
            }
        }
        return mapped;
    }

    /** The package of a class name: its leading segments up to the first that starts with an upper-case letter. */
    static String packageOf(String className) {
        String[] segments = className.split("\\.");
        StringBuilder name = new StringBuilder();
        for (String segment : segments) {
            if (!segment.isEmpty() && Character.isUpperCase(segment.charAt(0))) {
                break;
            }
            if (!name.isEmpty()) {
                name.append('.');
            }
            name.append(segment);
        }
        return name.toString();
    }

    private static String simpleName(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String parent(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : name.substring(0, dot);
    }
}
