package dev.acssync.console;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Set;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What Jolokia (and so Hawtio) may do, on top of the login: Jolokia's servlet picks this bean up as its restrictor.
 * <ul>
 *   <li>Anybody logged in may read, list and search every MBean (but the JVM's arguments and system properties,
 *       which may carry a secret passed on the command line), and run the read-only dumps Hawtio's Camel pages
 *       draw their route list, diagrams and statistics from ({@link #VIEW}).</li>
 *   <li>The operator may also run the operations in {@link #OPERATE} (route start/stop/suspend/resume, the
 *       directory refresh, browsing and moving dead letters, thread dumps) and change the rate limit
 *       ({@link #OPERATE_WRITES}).</li>
 *   <li>Everything else is refused, whatever the role: sending to an endpoint, stopping the Camel context or the
 *       broker, Quartz, heap dumps, flight recordings. An operation on an MBean name pattern is refused too.</li>
 *   <li>An operation or a write needs a POST: a GET (a link, an image in a page) never changes anything.</li>
 *   <li>No cross-origin access: another web origin gets no CORS headers and is refused outright.</li>
 * </ul>
 */
@Component
class JolokiaAccess implements Restrictor {
    private static final Logger LOG = LoggerFactory.getLogger(JolokiaAccess.class);

    /**
     * An MBean pattern, and the operations (or, for writes, attributes) allowed on the MBeans it matches. An entry
     * with parentheses allows that exact signature only ({@code dumpRoutesAsXml()}, not its overload that resolves
     * property placeholders and so shows passwords); an entry without allows every signature of that name.
     */
    record Rule(ObjectName mbeans, Set<String> names) {
        static Rule of(String pattern, String... names) {
            try {
                return new Rule(new ObjectName(pattern), Set.of(names));
            } catch (MalformedObjectNameException e) {
                throw new IllegalArgumentException(pattern, e);
            }
        }

        boolean allows(ObjectName name, String operationOrAttribute) {
            if (name.isPattern() || !mbeans.apply(name)) {
                return false;
            }
            String requested = operationOrAttribute.replace(" ", "");
            int paren = requested.indexOf('(');
            return names.contains(requested) || (paren > 0 && names.contains(requested.substring(0, paren)));
        }
    }

    /**
     * Read-only operations any login may run: what Hawtio's pages call to draw the route list, diagrams, statistics
     * and the exchanges in flight, and Hawtio's question "may I show this button?" (its JMX security MBean).
     */
    static final List<Rule> VIEW = List.of(
            Rule.of("hawtio:type=security,area=jmx,*", "canInvoke"),
            Rule.of("org.apache.camel:type=services,name=DefaultAsyncProcessorAwaitManager,*", "browse"),
            Rule.of("org.apache.camel:type=services,name=DefaultInflightRepository,*", "browse"),
            Rule.of("org.apache.camel:type=context,*", "dumpRoutesAsXml()", "dumpRoutesStatsAsXml", "dumpStepStatsAsXml",
                    "dumpRouteStatsAsJSon"),
            Rule.of("org.apache.camel:type=routes,*", "dumpRouteAsXml()", "dumpRouteStatsAsXml", "dumpStepStatsAsXml",
                    "dumpRouteStatsAsJSon"),
            // the service's health checks as Camel shows them (a check reads state, never calls ACS); switching a
            // check off (disableById) is nobody's: a disabled check counts as UP for the probes
            Rule.of("org.apache.camel:type=health,*", "details()", "invoke"));

    /** Operations (and attribute writes) for the operator: the console's and the runbook's controls. */
    static final List<Rule> OPERATE = List.of(
            Rule.of("org.apache.camel:type=routes,*", "start", "stop", "suspend", "resume"),
            Rule.of("dev.acssync:name=orgUnitDirectory", "refresh"),
            Rule.of("dev.acssync:name=preflight", "run"),
            Rule.of("org.apache.activemq.artemis:component=addresses,subcomponent=queues,*",
                    "browse", "countMessages", "moveMessages"),
            Rule.of("java.lang:type=Threading", "dumpAllThreads", "findDeadlockedThreads"));

    /** Attributes the operator may change: the ACS rate limit (its own MBean refuses a value out of range). */
    static final List<Rule> OPERATE_WRITES = List.of(
            Rule.of("dev.acssync:name=rateLimit", "RequestsPerSecond"));

    /** Attributes nobody reads over HTTP: a secret given as -Dname=value or --name=value would show there. */
    static final List<Rule> HIDDEN_ATTRIBUTES = List.of(
            Rule.of("java.lang:type=Runtime", "SystemProperties", "InputArguments"));

    /**
     * Attributes only the operator reads: a queue's first message, with all its properties (a dead letter's record,
     * reason and detail), as browsing the queue is the operator's.
     */
    static final List<Rule> OPERATOR_ATTRIBUTES = List.of(
            Rule.of("org.apache.activemq.artemis:component=addresses,subcomponent=queues,*", "FirstMessageAsJSON"));

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return true; // per request type, see isTypeAllowed
    }

    /**
     * Jolokia asks this for list and search requests only: notifications are refused by {@link NoJolokiaNotifications},
     * which Jolokia's notification handler cannot bypass.
     */
    @Override
    public boolean isTypeAllowed(RequestType type) {
        return switch (type) {
            case READ, LIST, SEARCH, VERSION, EXEC, WRITE -> true;
            default -> false;
        };
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        if (HIDDEN_ATTRIBUTES.stream().anyMatch(r -> r.allows(name, attribute))) {
            return false;
        }
        return OPERATOR_ATTRIBUTES.stream().noneMatch(r -> r.allows(name, attribute)) || hasRole(ConsoleSecurity.OPERATOR);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return decide(name, attribute, List.of(), OPERATE_WRITES, "write");
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        // with its signature when the caller gave one: moveMessages(java.lang.String,java.lang.String)
        return decide(name, operation, VIEW, OPERATE, "exec");
    }

    private static boolean decide(ObjectName name, String what, List<Rule> view, List<Rule> operate, String kind) {
        if (!"POST".equalsIgnoreCase(currentMethod())) {
            // a GET can be triggered by any page the user's browser shows (a link, an image): it never changes anything
            LOG.warn("Jolokia refused {} {} on {} to {}: operations and writes need a POST", kind, what, name, currentUser());
            return false;
        }
        if (view.stream().anyMatch(r -> r.allows(name, what))) {
            return true;
        }
        if (operate.stream().anyMatch(r -> r.allows(name, what))) {
            if (hasRole(ConsoleSecurity.OPERATOR)) {
                return true;
            }
            LOG.warn("Jolokia refused {} {} on {} to {}: operator role required", kind, what, name, currentUser());
            return false;
        }
        LOG.warn("Jolokia refused {} {} on {} to {}: not allowed to anyone", kind, what, name, currentUser());
        return false;
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return true; // where the console listens is server.address's job
    }

    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        if (origin == null) {
            return true; // not a cross-origin browser request
        }
        HttpServletRequest request = currentRequest();
        return request != null && SameOriginFilter.isSameOrigin(origin, request);
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return false;
    }

    private static boolean hasRole(String role) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getAuthorities().stream().anyMatch(a -> ("ROLE_" + role).equals(a.getAuthority()));
    }

    private static String currentUser() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null ? "nobody" : "'" + auth.getName() + "'";
    }

    private static String currentMethod() {
        HttpServletRequest request = currentRequest();
        return request == null ? "" : request.getMethod();
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a ? a.getRequest() : null;
    }
}
