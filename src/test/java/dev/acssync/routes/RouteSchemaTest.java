package dev.acssync.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route file under routes/ is valid for the tools: it validates against the JSON schema of Camel's YAML DSL
 * that Kaoto and VS Code's Camel tools check against. Camel runs some files the schema refuses (a placeholder where
 * it wants a number or a boolean): the tools then flag the file, so it fails here, naming the file, the line, the
 * path and the schema's message.
 */
class RouteSchemaTest {
    /** In the camel-yaml-dsl jar: read from the classpath, it follows the build's Camel version. */
    private static final String SCHEMA = "schema/camelYamlDsl.json";
    /** YAML 1.2's core schema, as the editors read the files (snakeyaml-engine: Camel's own YAML parser). */
    private static final LoadSettings YAML = LoadSettings.builder().setSchema(new CoreSchema()).build();

    private static Schema schema;

    @BeforeAll
    static void loadSchema() {
        assertThat(RouteSchemaTest.class.getClassLoader().getResource(SCHEMA))
                .as(SCHEMA + " on the test classpath (camel-yaml-dsl)").isNotNull();
        // draft 4, as the schema's $schema says (which wins, should a later Camel change it)
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                .getSchema(SchemaLocation.of("classpath:" + SCHEMA));
    }

    static Stream<Path> routeFiles() throws IOException {
        return Files.walk(Path.of("routes")).filter(p -> p.toString().endsWith(".camel.yaml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void validatesAgainstCamelsYamlDslSchema(Path file) throws IOException {
        String text = Files.readString(file);
        JsonNode routes = new ObjectMapper().valueToTree(new Load(YAML).loadFromString(text));
        Node tree = new Compose(YAML).composeString(text).orElseThrow();

        List<Error> all = schema.validate(routes);
        // a oneOf also reports each alternative that failed above the fault: keep the errors with none below them
        List<String> errors = all.stream().filter(e -> all.stream().noneMatch(below -> isBelow(below, e)))
                .map(e -> describe(file, tree, e)).distinct().toList();

        assertThat(errors).as(file + " against Camel's YAML DSL schema (" + SCHEMA + ")").isEmpty();
    }

    private static boolean isBelow(Error error, Error other) {
        NodePath path = error.getInstanceLocation();
        NodePath above = other.getInstanceLocation();
        return path.getNameCount() > above.getNameCount() && path.startsWith(above);
    }

    private static String describe(Path file, Node tree, Error error) {
        return file + ":" + line(tree, error) + " " + error.getInstanceLocation() + ": " + error.getMessage();
    }

    /** The line an editor shows the error on: the node at its path, or the key it names (an unknown property). */
    private static int line(Node tree, Error error) {
        Node node = tree;
        NodePath path = error.getInstanceLocation();
        for (int i = 0; i < path.getNameCount(); i++) {
            node = child(node, path.getElement(i));
        }
        if (error.getProperty() != null) {
            node = key(node, error.getProperty());
        }
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static Node child(Node node, Object element) {
        if (node instanceof SequenceNode sequence && element instanceof Integer index) {
            return sequence.getValue().get(index);
        }
        return tuple(node, String.valueOf(element)).map(NodeTuple::getValueNode).orElse(node);
    }

    private static Node key(Node node, String name) {
        return tuple(node, name).map(NodeTuple::getKeyNode).orElse(node);
    }

    private static Optional<NodeTuple> tuple(Node node, String key) {
        if (!(node instanceof MappingNode mapping)) {
            return Optional.empty();
        }
        return mapping.getValue().stream()
                .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)).findFirst();
    }
}
