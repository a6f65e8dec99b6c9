package dev.acssync.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Spring's warning "Exception encountered during context initialization - cancelling refresh attempt: ..." (a
 * thousand characters of nested bean-creation messages on one line): Spring Boot reports the same failure right
 * after it, as the "APPLICATION FAILED TO START" block or as "Application run failed" with the stack trace.
 * Registered in {@code logback-spring.xml}.
 */
public class RefreshCancelledFilter extends TurboFilter {
    static final String REFRESH_CANCELLED = "Exception encountered during context initialization - cancelling refresh attempt";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // called for every logging call: the level (a reference) first
        return level == Level.WARN && format != null && format.startsWith(REFRESH_CANCELLED)
                && logger.getName().startsWith("org.springframework.") ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
