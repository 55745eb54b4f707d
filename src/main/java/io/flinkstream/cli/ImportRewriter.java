package io.flinkstream.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the {@code org.apache.flink} imports of one Java source to FlinkStream's and lists what it could not map.
 * Pure: text in, text and findings out; {@link Port} does the files.
 *
 * <p>Only the name inside a mapped import changes; every other character, line terminators included, stays as it
 * was. Callers that need byte-for-byte fidelity pass the file decoded as ISO-8859-1 (one char per byte) and encode
 * the result the same way. A {@code package org.apache.flink...} declaration is left alone and not reported; any
 * other {@code org.apache.flink} name in code (not in comments or literals) is reported as a fully qualified use.
 *
 * <pre>{@code
 * ImportRewriter.Result r = new ImportRewriter(ImportMapping.flinkToFlinkStream())
 *         .rewrite("import org.apache.flink.util.Collector;\n");
 * r.text();   // "import io.flinkstream.api.Collector;\n"
 * }</pre>
 */
public final class ImportRewriter {
    private static final Pattern IMPORT = Pattern.compile(
            "\\bimport\\s+(static\\s+)?(org\\.apache\\.flink(?:\\.[\\w$]+)*)(\\s*\\.\\s*\\*)?\\s*;");
    private static final Pattern STATEMENT_START = Pattern.compile("^\\s*(import|package)\\b");
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w$.])org\\.apache\\.flink(?:\\.[\\w$]+)*");

    private final ImportMapping mapping;

    /** A rewriter that uses {@code mapping}. */
    public ImportRewriter(ImportMapping mapping) {
        this.mapping = mapping;
    }

    /**
     * One rewritten source.
     *
     * @param text the source with mapped imports rewritten
     * @param importsRewritten how many import names changed
     * @param unmapped what was left, in line order
     */
    public record Result(String text, int importsRewritten, List<UnmappedReference> unmapped) {
        /** Copies the list. */
        public Result {
            unmapped = List.copyOf(unmapped);
        }
    }

    /** Rewrites one source. */
    public Result rewrite(String source) {
        StringBuilder out = new StringBuilder(source.length());
        List<UnmappedReference> unmapped = new ArrayList<>();
        int rewritten = 0;
        CodeMask.Context context = CodeMask.Context.CODE;
        int lineNumber = 0;
        int start = 0;
        while (start < source.length()) {
            int end = lineEnd(source, start);
            int next = afterTerminator(source, end);
            lineNumber++;
            String line = source.substring(start, end);
            CodeMask.Line masked = CodeMask.mask(line, context);
            Matcher statement = STATEMENT_START.matcher(masked.code());
            String keyword = statement.find() ? statement.group(1) : "";
            if (keyword.equals("import")) {
                RewrittenLine r = rewriteImports(line, masked.code(), lineNumber, unmapped);
                out.append(r.text());
                rewritten += r.count();
            } else {
                out.append(line);
                if (!keyword.equals("package")) {
                    reportQualifiedUses(masked.code(), lineNumber, unmapped);
                }
            }
            out.append(source, end, next);
            context = masked.next();
            start = next;
        }
        return new Result(out.toString(), rewritten, unmapped);
    }

    private record RewrittenLine(String text, int count) {
    }

    private RewrittenLine rewriteImports(String line, String code, int lineNumber, List<UnmappedReference> unmapped) {
        StringBuilder text = new StringBuilder();
        int copied = 0;
        int count = 0;
        Matcher m = IMPORT.matcher(code);
        while (m.find()) {
            String name = m.group(2);
            boolean wildcard = m.group(3) != null;
            ImportMapping.Resolution resolution = wildcard ? mapping.resolveWildcard(name) : mapping.resolve(name);
            if (resolution instanceof ImportMapping.Resolution.Mapped mapped) {
                text.append(line, copied, m.start(2)).append(mapped.name());
                copied = m.end(2);
                count++;
            } else if (resolution instanceof ImportMapping.Resolution.Unmapped why) {
                String shown = (m.group(1) == null ? "" : "static ") + name + (wildcard ? ".*" : "");
                unmapped.add(new UnmappedReference(lineNumber, UnmappedReference.Kind.IMPORT, shown, why.reason()));
            }
        }
        text.append(line, copied, line.length());
        return new RewrittenLine(text.toString(), count);
    }

    private void reportQualifiedUses(String code, int lineNumber, List<UnmappedReference> unmapped) {
        Matcher m = QUALIFIED.matcher(code);
        while (m.find()) {
            String name = m.group();
            String reason = mapping.resolve(name) instanceof ImportMapping.Resolution.Mapped mapped
                    ? "not rewritten; write " + mapped.name() + " or import it"
                    : "not rewritten, and FlinkStream has no counterpart";
            unmapped.add(new UnmappedReference(lineNumber, UnmappedReference.Kind.QUALIFIED_USE, name, reason));
        }
    }

    /** The index of the line terminator that ends the line starting at {@code start}, or the end of the source. */
    private static int lineEnd(String source, int start) {
        for (int i = start; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return source.length();
    }

    /** The index after the terminator at {@code end}: one char for LF or CR, two for CRLF. */
    private static int afterTerminator(String source, int end) {
        if (end >= source.length()) {
            return end;
        }
        if (source.charAt(end) == '\r' && end + 1 < source.length() && source.charAt(end + 1) == '\n') {
            return end + 2;
        }
        return end + 1;
    }
}
