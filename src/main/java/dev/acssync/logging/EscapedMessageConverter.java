package dev.acssync.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The log message, with line breaks and other control characters escaped ({@code \n}, {@code \r}, {@code \u001b}):
 * one event is one line, so a file name or a record carrying a newline cannot forge log lines, nor a terminal
 * escape sequence rewrite what an operator sees. Registered for {@code %m}, {@code %msg} and {@code %message} in
 * {@code logback-spring.xml}, so Spring's, Camel's and the service's own lines are all covered. One exception: Spring
 * Boot's report of a failed start keeps its line breaks, to read as a block (printed once, when the start fails).
 */
public class EscapedMessageConverter extends MessageConverter {
    /** Prints the block of a failed start ("APPLICATION FAILED TO START", Description, Action): kept on its lines. */
    static final String FAILED_START_REPORT = "org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter";

    @Override
    public String convert(ILoggingEvent event) {
        return escape(super.convert(event), FAILED_START_REPORT.equals(event.getLoggerName()));
    }

    static String escape(String message) {
        return escape(message, false);
    }

    /** With {@code keepLineBreaks}, the other control characters are still escaped. */
    static String escape(String message, boolean keepLineBreaks) {
        if (message == null || message.chars().noneMatch(EscapedMessageConverter::isControl)) {
            return message;
        }
        StringBuilder out = new StringBuilder(message.length() + 16);
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '\n' -> out.append(keepLineBreaks ? "\n" : "\\n");
                case '\r' -> out.append(keepLineBreaks ? "\r" : "\\r");
                case '\t' -> out.append('\t');
                default -> {
                    if (isControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** C0 and C1 control characters (tab is harmless), and the Unicode line and paragraph separators. */
    private static boolean isControl(int c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
    }
}
