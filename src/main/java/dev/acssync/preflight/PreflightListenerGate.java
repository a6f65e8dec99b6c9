package dev.acssync.preflight;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Route;
import org.apache.camel.component.jms.JmsConsumer;
import org.apache.camel.support.RoutePolicySupport;
import org.springframework.stereotype.Component;

/**
 * The gate of the JMS source: its route's consumer is created not listening ({@code autoStartup=false} on the JMS
 * endpoint) and names this gate as its {@code routePolicy}; the gate starts listening once the preflight has passed,
 * and stops listening if a later preflight fails (a message being processed finishes; the others stay queued).
 * A route started again (an edit of its file, an operator's restart) listens again only through the gate.
 */
@Component("preflightListenerGate")
public class PreflightListenerGate extends RoutePolicySupport implements Preflight.Listener {
    private final Preflight preflight;
    private final Set<JmsConsumer> consumers = ConcurrentHashMap.newKeySet();

    public PreflightListenerGate(Preflight preflight) {
        this.preflight = preflight;
        preflight.addListener(this);
    }

    @Override
    public synchronized void onStart(Route route) {
        // Camel calls this once the route's consumer has started (not yet listening)
        if (route.getConsumer() instanceof JmsConsumer jms) {
            consumers.add(jms);
            if (preflight.isPassed()) {
                jms.startListenerContainer();
            }
        }
    }

    @Override
    public synchronized void onStop(Route route) {
        consumers.remove(route.getConsumer());
    }

    /** An operator's resume (Hawtio) starts listening again: not before the preflight has passed. */
    @Override
    public synchronized void onResume(Route route) {
        if (route.getConsumer() instanceof JmsConsumer jms && !preflight.isPassed()) {
            stopListening(jms);
        }
    }

    @Override
    public synchronized void preflightChanged(boolean passed) {
        for (JmsConsumer jms : consumers) {
            if (passed) {
                jms.startListenerContainer();
            } else {
                stopListening(jms);
            }
        }
    }

    private static void stopListening(JmsConsumer jms) {
        try {
            jms.getListenerContainer().stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop listening on " + jms.getEndpoint(), e);
        }
    }
}
