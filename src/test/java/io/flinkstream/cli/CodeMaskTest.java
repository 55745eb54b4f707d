package io.flinkstream.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Blanking comments and literals out of Java lines, across lines where they span them. */
class CodeMaskTest {

    @Test
    void when_a_line_has_a_string_and_a_line_comment_then_both_are_blanked_and_the_length_kept() {
        // Given
        String line = "a(\"x\\\"y\"); // z";

        // When
        CodeMask.Line masked = CodeMask.mask(line, CodeMask.Context.CODE);

        // Then
        assertEquals("a(\"    \");     ", masked.code());
        assertEquals(CodeMask.Context.CODE, masked.next());
    }

    @Test
    void when_a_block_comment_spans_lines_then_the_next_line_starts_inside_it_until_it_closes() {
        // Given / When
        CodeMask.Line first = CodeMask.mask("int a; /* org", CodeMask.Context.CODE);
        CodeMask.Line second = CodeMask.mask("still */ b();", first.next());

        // Then
        assertEquals("int a;       ", first.code());
        assertEquals(CodeMask.Context.BLOCK_COMMENT, first.next());
        assertEquals("         b();", second.code());
        assertEquals(CodeMask.Context.CODE, second.next());
    }

    @Test
    void when_a_text_block_spans_lines_then_its_content_is_blanked() {
        // Given / When
        CodeMask.Line first = CodeMask.mask("s = \"\"\"", CodeMask.Context.CODE);
        CodeMask.Line second = CodeMask.mask("org.apache.flink", first.next());
        CodeMask.Line third = CodeMask.mask("x\"\"\"; y", second.next());

        // Then
        assertEquals(CodeMask.Context.TEXT_BLOCK, first.next());
        assertEquals("                ", second.code());
        assertEquals(" \"\"\"; y", third.code());
        assertEquals(CodeMask.Context.CODE, third.next());
    }

    @Test
    void when_a_char_literal_holds_a_quote_then_the_string_after_it_is_still_found() {
        // When
        CodeMask.Line masked = CodeMask.mask("c = '\"'; s = \"q\";", CodeMask.Context.CODE);

        // Then
        assertEquals("c = ' '; s = \" \";", masked.code());
    }
}
