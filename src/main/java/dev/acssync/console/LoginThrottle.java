package dev.acssync.console;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guessing passwords is logged and slowed down, per remote address, never by account (so nobody can lock the
 * operator out): each failed login is one warning line (the user name tried and the address, never the password);
 * from the fourth failure in a row an address waits 1 s, then 2 s, 4 s... up to 60 s before its next try, and a try
 * within that time is answered 429 at once (with {@code Retry-After}), without checking the password and without
 * holding a thread. An address is forgotten 15 minutes after its last failure.
 */
@Component
class LoginThrottle {
    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
    private static final long FORGET_MILLIS = 15 * 60_000;
    private static final int FREE_TRIES = 3;
    private static final long MAX_PENALTY_MILLIS = 60_000;

    private record Failures(int count, long last, long blockedUntil) {
    }

    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        Authentication tried = event.getAuthentication();
        String address = tried.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : "unknown";
        long now = System.currentTimeMillis();
        Failures failures = byAddress.compute(address, (a, before) -> {
            int n = before == null || now - before.last() > FORGET_MILLIS ? 1 : before.count() + 1;
            return new Failures(n, now, Math.max(now + penalty(n), before == null ? 0 : before.blockedUntil()));
        });
        if (byAddress.size() > 10_000) {
            byAddress.values().removeIf(f -> now - f.last() > FORGET_MILLIS);
        }
        String user = tried.getName() == null ? "" : tried.getName();
        LOG.warn("Console login failed for '{}' from {}: failure {} in a row from there{}",
                user.length() > 64 ? user.substring(0, 64) + "..." : user, address, failures.count(),
                failures.blockedUntil() > now ? "; its next try waits " + (failures.blockedUntil() - now) / 1000 + " s" : "");
    }

    /** How long an address waits after its n-th failure in a row: nothing for the first three, then 1 s doubling to 60 s. */
    private static long penalty(int failures) {
        return failures <= FREE_TRIES ? 0 : Math.min(MAX_PENALTY_MILLIS, 1000L << Math.min(failures - FREE_TRIES - 1, 6));
    }

    /** Before the login filters: a login try from an address still in its waiting time gets 429 at once. */
    Filter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !(ConsoleSecurity.isBasicAuth(request)
                        || "POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                long now = System.currentTimeMillis();
                long[] wait = {0};
                // past its free tries, an address's next try is reserved here, before its password is checked: tries
                // sent in parallel cannot all pass within one waiting time
                byAddress.computeIfPresent(request.getRemoteAddr(), (address, f) -> {
                    if (f.count() < FREE_TRIES || now - f.last() > FORGET_MILLIS) {
                        return f;
                    }
                    if (f.blockedUntil() > now) {
                        wait[0] = f.blockedUntil() - now;
                        return f;
                    }
                    return new Failures(f.count(), f.last(), now + penalty(f.count()));
                });
                if (wait[0] > 0) {
                    response.setHeader("Retry-After", String.valueOf((wait[0] + 999) / 1000));
                    response.setStatus(429);
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }
}
