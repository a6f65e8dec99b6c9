package dev.acssync.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EscapedMessageConverterTest {

    @Test
    void lineBreaksAndControlCharactersAreEscapedOnOneLine() {
        assertThat(EscapedMessageConverter.escape("a.csv\n2026-11-30 INFO forged\r\u001b[2J\u0085\u2028end"))
                .isEqualTo("a.csv\\n2026-11-30 INFO forged\\r\\u001b[2J\\u0085\\u2028end");
    }

    @Test
    void theReportOfAFailedStartKeepsItsLinesOnly() {
        assertThat(EscapedMessageConverter.escape("\n\nDescription:\n\nbad\u001b[2J\r\n", true))
                .isEqualTo("\n\nDescription:\n\nbad\\u001b[2J\r\n");
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        String text = "odd name ü $(rm -rf x) & ;'\tdone";
        assertThat(EscapedMessageConverter.escape(text)).isSameAs(text);
        assertThat(EscapedMessageConverter.escape(null)).isNull();
    }
}
