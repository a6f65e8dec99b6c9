package dev.acssync.console;

import org.jolokia.server.core.request.JolokiaRequest;
import org.jolokia.server.core.service.api.AbstractJolokiaService;
import org.jolokia.server.core.service.request.RequestHandler;
import org.jolokia.server.core.util.RequestType;

/**
 * Refuses every Jolokia notification request (register, add, open, ping...), for every login. The restrictor
 * ({@link JolokiaAccess}) is never asked about them: Jolokia's notification handler skips it, and each registration
 * kept a client in memory for good (20,000 in 2 s by a viewer). Hawtio 5 does not use notifications. Jolokia finds
 * this handler through {@code META-INF/jolokia/services} and asks it before its own JMX handler.
 */
public class NoJolokiaNotifications extends AbstractJolokiaService<RequestHandler> implements RequestHandler {

    /** Jolokia's service loader calls this with the order written in META-INF/jolokia/services. */
    public NoJolokiaNotifications(int order) {
        super(RequestHandler.class, order);
    }

    @Override
    public boolean canHandle(JolokiaRequest request) {
        return request.getType() == RequestType.NOTIFICATION;
    }

    @Override
    public <R extends JolokiaRequest> Object handleRequest(R request, Object previous) {
        throw new SecurityException("Jolokia notifications are not available");
    }

    @Override
    public String getProvider() {
        return null;
    }

    @Override
    public Object getRuntimeInfo() {
        return null;
    }
}
