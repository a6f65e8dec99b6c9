package dev.acssync.cluster;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.LoggerFactory;

/**
 * One instance of the ZooKeeper leader election, as the service runs it with {@code -Pcluster-zookeeper}: Camel's
 * {@link ZooKeeperClusterService} and a leader-only route on the namespace {@code intake} (the inbox routes'
 * {@code master:intake:} prefix). {@link #main} runs one in a JVM of its own, so that a test can kill it for real.
 */
final class ZooKeeperNode {
    static final String BASE_PATH = "/acs-orgunit-sync";
    static final String LEADING = "LEADING ";

    private ZooKeeperNode() {
    }

    /**
     * A Camel context whose route {@code master:intake:timer:…} calls {@code onTick} every 100 ms while this node
     * leads (the timer stands in for the inbox's file consumer: same namespace, same master: consumer).
     */
    static CamelContext create(String connectString, String id, long sessionTimeoutMillis, Consumer<String> onTick) throws Exception {
        ZooKeeperClusterService service = new ZooKeeperClusterService();
        service.setId(id);
        service.setNodes(connectString);
        service.setBasePath(BASE_PATH);
        // the bound of a takeover after a crash: the server expires the dead node's session after this long
        service.setSessionTimeout(sessionTimeoutMillis);
        // Curator warns when the connection timeout exceeds the session's
        service.setConnectTimeout(Math.min(sessionTimeoutMillis, 15000));
        CamelContext context = new DefaultCamelContext();
        context.addService(service);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:intake:timer:intake?period=100&delay=0").routeId("intake-" + id)
                        .process(exchange -> onTick.accept(id));
            }
        });
        return context;
    }

    /** ZooKeeper's and Curator's DEBUG lines (Logback's default without a configuration) would drown the test's. */
    static void quietLogs() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }

    /**
     * Arguments: the ZooKeeper connect string, this node's id, the session timeout in ms. Prints
     * {@code LEADING <id>} on each tick of its leader-only route. Ends when killed, or when its parent closes its
     * standard input (a test JVM that died leaves no orphan behind).
     */
    public static void main(String[] args) throws Exception {
        quietLogs();
        CamelContext context = create(args[0], args[1], Long.parseLong(args[2]), id -> {
            System.out.println(LEADING + id);
            System.out.flush();
        });
        context.start();
        System.out.println("STARTED " + args[1]);
        System.out.flush();
        while (System.in.read() != -1) {
            // nothing is sent: only the end of the stream matters
        }
        context.stop();
        System.exit(0);
    }
}
