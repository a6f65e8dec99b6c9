package dev.acssync.source;

import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The sources' consumer error handler: one warning line per failure with its causes (an unreachable SFTP server
 * polled every few minutes must not write a 25-line stack trace each time), the stack trace at DEBUG.
 */
@Component("oneLineErrors")
public class OneLineErrors implements ExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OneLineErrors.class);

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        // an endpoint's options make the line unreadable (and it is named in full at DEBUG)
        String what = message == null ? "Source error" : message.replaceAll("(\\w+://[^?\\s]+)\\?\\S*", "$1");
        LOG.warn("{}: {}", what, causes(exception));
        LOG.debug("{}", what, exception);
    }

    /** "first message; caused by: second message; ..." without repeats. */
    static String causes(Throwable exception) {
        StringBuilder out = new StringBuilder();
        String previous = null;
        for (Throwable t = exception; t != null && t != t.getCause(); t = t.getCause()) {
            String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (previous == null || !previous.contains(text)) {
                out.append(out.isEmpty() ? "" : "; caused by: ").append(text);
            }
            previous = text;
        }
        return out.toString();
    }
}
