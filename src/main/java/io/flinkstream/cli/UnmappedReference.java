package io.flinkstream.cli;

/**
 * A Flink name in a source file that {@link Port} left as it was: an import with no FlinkStream counterpart, or a
 * fully qualified {@code org.apache.flink} name in the code, which the port never rewrites.
 *
 * @param line the 1-based line number
 * @param kind an import, or a fully qualified use
 * @param flinkName the Flink name as written, without {@code import}, {@code static} and {@code ;}
 * @param reason why it is left, and what to do
 */
public record UnmappedReference(int line, Kind kind, String flinkName, String reason) {

    /** What was left unchanged. */
    public enum Kind {
        /** An {@code import} or {@code import static} line. */
        IMPORT,
        /** An {@code org.apache.flink} name written out in the code. */
        QUALIFIED_USE
    }

    /** The report line for this reference in {@code file}, e.g. {@code src/Job.java:7: import org...Time: ...}. */
    public String describe(String file) {
        String what = kind == Kind.IMPORT ? "import " : "fully qualified use of ";
        return file + ":" + line + ": " + what + flinkName + ": " + reason;
    }
}
