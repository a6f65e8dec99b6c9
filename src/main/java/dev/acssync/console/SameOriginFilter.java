package dev.acssync.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose {@code Origin} header names another web origin (or {@code null}): a page elsewhere must
 * not drive the console with the credentials its browser holds. Browsers send {@code Origin} on every cross-origin
 * request that could change something, so together with "no state change by GET" ({@link JolokiaAccess}) this is
 * the CSRF defence for scripts' basic-auth requests. Behind a reverse proxy, set
 * {@code server.forward-headers-strategy} so that the request's own origin is the public one.
 */
class SameOriginFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        if (origin != null && !isSameOrigin(origin, request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Cross-origin requests are not accepted");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isSameOrigin(String origin, HttpServletRequest request) {
        try {
            URI o = URI.create(origin.trim());
            return request.getScheme().equalsIgnoreCase(o.getScheme())
                    && request.getServerName().equalsIgnoreCase(o.getHost())
                    && request.getServerPort() == port(o);
        } catch (IllegalArgumentException | NullPointerException notAnOrigin) {
            return false; // "null", garbage: not this server
        }
    }

    private static int port(URI origin) {
        if (origin.getPort() >= 0) {
            return origin.getPort();
        }
        return "https".equalsIgnoreCase(origin.getScheme()) ? 443 : 80;
    }
}
