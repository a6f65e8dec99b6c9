package dev.acssync.routes;

import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.Predicate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.language.SimpleExpression;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sync.jms.enabled} switches the JMS source through the route's precondition: false, the jms-inbox route is
 * not created; true, it is. publish-outcome, in the same file, exists either way. (The service itself, on:
 * JmsSourceIT.)
 */
class JmsInboxSwitchTest {

    @ParameterizedTest(name = "sync.jms.enabled={0}")
    @ValueSource(booleans = {true, false})
    void theJmsRouteExistsOnlyWhenEnabled(boolean enabled) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("file:config/application.properties");
            Properties override = new Properties();
            override.setProperty("sync.jms.enabled", Boolean.toString(enabled));
            context.getPropertiesComponent().setOverrideProperties(override);
            context.build();
            PluginHelper.getRoutesLoader(context)
                    .loadRoutes(ResourceHelper.resolveResource(context, "file:routes/sources/jms-inbox.camel.yaml"));

            assertThat(context.getRouteDefinitions().stream().filter(r -> included(r, context)).map(RouteDefinition::getId))
                    .containsExactlyInAnyOrder(enabled
                            ? new String[] {"jms-inbox", "publish-outcome"} : new String[] {"publish-outcome"});
        }
    }

    /** As Camel decides it when it creates the routes (its PreconditionHelper is not public): a simple predicate. */
    private static boolean included(RouteDefinition route, CamelContext context) {
        if (route.getPrecondition() == null) {
            return true;
        }
        SimpleExpression precondition = new SimpleExpression(route.getPrecondition());
        precondition.initPredicate(context);
        Predicate predicate = precondition.getPredicate();
        predicate.initPredicate(context);
        return predicate.matches(new DefaultExchange(context));
    }
}
