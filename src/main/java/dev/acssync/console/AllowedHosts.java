package dev.acssync.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything else on the console's port, a path Spring Security's firewall would refuse later (with a
 * 400 and no log line above DEBUG), and a request whose {@code Host} is neither an IP literal nor one of {@code sync.console.allowed-hosts}
 * ({@code localhost} by default): a page on another site that has its own name rebound by DNS to this address (DNS
 * rebinding) sends its name as Host, and would otherwise be same-origin with the console. Kubernetes probes send the
 * pod's IP, which passes. Runs before everything else on the console's port, the open probes included.
 */
class AllowedHosts extends OncePerRequestFilter {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Logger LOG = LoggerFactory.getLogger(AllowedHosts.class);
    private static final StrictHttpFirewall FIREWALL = new StrictHttpFirewall();

    private final Set<String> names;

    AllowedHosts(List<String> names) {
        this.names = names == null ? Set.of() : names.stream().map(n -> n.trim().toLowerCase(Locale.ROOT))
                .filter(n -> !n.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            // a path Spring Security's firewall refuses (/../, ;jsessionid=, /actuator;/) ends here: a 400, no stack trace
            FIREWALL.getFirewalledRequest(request);
        } catch (RequestRejectedException refused) {
            LOG.debug("Refused {} from {}: {}", request.getRequestURI(), request.getRemoteAddr(), refused.getMessage());
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        if (!allowed(request.getHeader("Host"))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Unknown host name: add it to sync.console.allowed-hosts");
            return;
        }
        chain.doFilter(request, response);
    }

    /** An IP literal (with or without a port), or an allowed name; no Host at all (HTTP/1.0) passes. */
    boolean allowed(String host) {
        if (host == null) {
            return true;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            return h.indexOf(']') > 0; // an IPv6 literal
        }
        int colon = h.lastIndexOf(':');
        String name = colon >= 0 ? h.substring(0, colon) : h;
        return IPV4.matcher(name).matches() || names.contains(name);
    }
}
