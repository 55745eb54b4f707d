package io.flinkstream.cli;

/**
 * Blanks the comments and the string, character and text-block literals out of Java source, one line at a time, so
 * that {@link ImportRewriter} finds Flink names in code only. Each blanked character becomes a space, so columns stay
 * where they were. A comment or text block that spans lines carries over in the {@link Context} a line ends in.
 *
 * <pre>{@code
 * CodeMask.Line line = CodeMask.mask("x = \"org.apache.flink\"; // org.apache.flink", CodeMask.Context.CODE);
 * line.code();   // "x = \"                \"; //                 "
 * }</pre>
 */
public final class CodeMask {
    private CodeMask() {
    }

    /** Where a line starts: in code, inside a block comment, or inside a text block. */
    public enum Context {
        /** Plain code. */
        CODE,
        /** Inside {@code /* ... *}{@code /}. */
        BLOCK_COMMENT,
        /** Inside a {@code """} text block. */
        TEXT_BLOCK
    }

    /**
     * One masked line.
     *
     * @param code the line with comments and literals blanked, as long as the input
     * @param next where the following line starts
     */
    public record Line(String code, Context next) {
    }

    /** Masks one line (without its line terminator) that starts in {@code context}. */
    public static Line mask(String line, Context context) {
        StringBuilder code = new StringBuilder(line);
        int i = 0;
        while (i < line.length()) {
            switch (context) {
                case BLOCK_COMMENT -> {
                    int end = line.indexOf("*/", i);
                    int stop = end < 0 ? line.length() : end + 2;
                    blank(code, i, stop);
                    i = stop;
                    context = end < 0 ? Context.BLOCK_COMMENT : Context.CODE;
                }
                case TEXT_BLOCK -> {
                    int end = closingQuotes(line, i, "\"\"\"");
                    int stop = end < 0 ? line.length() : end;
                    blank(code, i, end < 0 ? stop : stop - 3);
                    i = stop;
                    context = end < 0 ? Context.TEXT_BLOCK : Context.CODE;
                }
                case CODE -> {
                    if (line.startsWith("//", i)) {
                        blank(code, i, line.length());
                        i = line.length();
                    } else if (line.startsWith("/*", i)) {
                        blank(code, i, i + 2);
                        i += 2;
                        context = Context.BLOCK_COMMENT;
                    } else if (line.startsWith("\"\"\"", i)) {
                        i += 3;
                        context = Context.TEXT_BLOCK;
                    } else if (line.charAt(i) == '"' || line.charAt(i) == '\'') {
                        String quote = String.valueOf(line.charAt(i));
                        int end = closingQuotes(line, i + 1, quote);
                        int stop = end < 0 ? line.length() : end;
                        blank(code, i + 1, end < 0 ? stop : stop - 1);
                        i = stop;
                    } else {
                        i++;
                    }
                }
            }
        }
        return new Line(code.toString(), context);
    }

    /** The index just past the first unescaped {@code quote} at or after {@code from}, or -1. */
    private static int closingQuotes(String line, int from, String quote) {
        for (int i = from; i < line.length(); i++) {
            if (line.charAt(i) == '\\') {
                i++;
            } else if (line.startsWith(quote, i)) {
                return i + quote.length();
            }
        }
        return -1;
    }

    private static void blank(StringBuilder code, int from, int to) {
        for (int i = from; i < to; i++) {
            code.setCharAt(i, ' ');
        }
    }
}
