package dev.acssync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Every route file under routes/ must parse on its own (a broken edit fails the build with the file's name), begin
 * with a header comment, and give every route an id and a description.
 */
class RoutesLoadTest {

    static Stream<Path> routeFiles() throws IOException {
        return Files.walk(Path.of("routes")).filter(p -> p.toString().endsWith(".camel.yaml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void loads(Path file) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            // the placeholders the routes use come from the service's configuration
            context.getPropertiesComponent().setLocation("file:config/application.properties");
            context.build();
            assertThatCode(() -> PluginHelper.getRoutesLoader(context)
                    .loadRoutes(ResourceHelper.resolveResource(context, "file:" + file)))
                    .as(file.toString()).doesNotThrowAnyException();
            // a newcomer reads the file's header comment first: what it does, where it sits in the flow
            assertThat(Files.readAllLines(file).get(0)).as(file + ": a header comment").startsWith("# ");
            // every route and route configuration has an id and a description (Hawtio shows them)
            context.getRouteDefinitions().forEach(r -> {
                assertThat(r.getId()).as(file + ": a route without id").isNotBlank();
                assertThat(r.getDescription()).as(file + ": route " + r.getId() + " has no description").isNotBlank();
            });
        }
    }
}
