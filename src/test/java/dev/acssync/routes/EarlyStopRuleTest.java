package dev.acssync.routes;

import dev.acssync.outcome.RecordOutcome;
import dev.acssync.record.TestRecords;
import dev.acssync.vocabulary.OutcomeReason;
import java.util.EnumSet;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.SetVariableDefinition;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The early-stop rules as routes/pipeline/process-file.camel.yaml states them (steps says-the-file-is-wrong and
 * says-the-setup-is-wrong), evaluated as shipped: which outcomes count toward stopping a file early (RunReportTest
 * counts them).
 */
class EarlyStopRuleTest {
    /** Dead letters that ACS or the service explain: they say nothing of the file. */
    private static final Set<OutcomeReason> NOT_THE_FILES = EnumSet.of(OutcomeReason.RETRIES_EXHAUSTED,
            OutcomeReason.ACS_SERVER_ERROR, OutcomeReason.UNEXPECTED_ERROR);

    @Test
    void everyDeadLetterButThoseAcsOrTheServiceExplainSaysTheFileIsWrong() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Expression rule = shippedRule(camel, "says-the-file-is-wrong");

            for (OutcomeReason reason : OutcomeReason.values()) {
                assertThat(evaluate(camel, rule, deadLetter(reason))).as(reason.name()).isEqualTo(!NOT_THE_FILES.contains(reason));
            }
            assertThat(evaluate(camel, rule, RecordOutcome.success(TestRecords.of("f.csv", 2, "a@example.com", null, "x"), 1)))
                    .as("an updated record").isFalse();
        }
    }

    @Test
    void onlyAServerErrorWithoutAnAcsCodeSaysTheSetupIsWrong() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Expression rule = shippedRule(camel, "says-the-setup-is-wrong");

            for (OutcomeReason reason : OutcomeReason.values()) {
                assertThat(evaluate(camel, rule, deadLetter(reason))).as(reason.name())
                        .isEqualTo(reason == OutcomeReason.ACS_SERVER_ERROR);
            }
            assertThat(evaluate(camel, rule, RecordOutcome.success(TestRecords.of("f.csv", 2, "a@example.com", null, "x"), 1)))
                    .as("an updated record").isFalse();
        }
    }

    private static RecordOutcome deadLetter(OutcomeReason reason) {
        return RecordOutcome.rejection(TestRecords.of("f.csv", 1, "a@example.com", null, "x"), reason, "why", null, 1);
    }

    private static Expression shippedRule(DefaultCamelContext camel, String stepId) throws Exception {
        camel.getPropertiesComponent().setLocation("file:config/application.properties");
        camel.build();
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                ResourceHelper.resolveMandatoryResource(camel, "file:routes/pipeline/process-file.camel.yaml"));
        SetVariableDefinition step = camel.getRouteDefinitions().stream()
                .flatMap(r -> ProcessorDefinitionHelper.filterTypeInOutputs(r.getOutputs(), SetVariableDefinition.class).stream())
                .filter(s -> stepId.equals(s.getId())).findFirst().orElseThrow();
        Expression rule = step.getExpression().createExpression(camel);
        rule.init(camel);
        return rule;
    }

    private static Boolean evaluate(DefaultCamelContext camel, Expression rule, RecordOutcome outcome) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setVariable("outcome", outcome);
        return rule.evaluate(exchange, Boolean.class);
    }
}
