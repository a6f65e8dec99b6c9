package dev.acssync.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.TestSettings;
import dev.acssync.acs.AcsAnswers;
import dev.acssync.acs.AcsAvailability;
import dev.acssync.acs.AcsCallMetrics;
import dev.acssync.acs.AcsProperties;
import dev.acssync.acs.AcsRequests;
import dev.acssync.acs.ProfileMatcher;
import dev.acssync.acs.AcsRateLimit;
import dev.acssync.acs.RetryBudget;
import dev.acssync.metrics.SyncMetrics;
import dev.acssync.orgunit.OrgUnitDirectory;
import dev.acssync.orgunit.OrgUnitEnrichment;
import dev.acssync.outcome.RecordOutcome;
import dev.acssync.outcome.RecordOutcomes;
import dev.acssync.record.RecordFieldNames;
import dev.acssync.record.RecordValidator;
import dev.acssync.record.SyncRecord;
import dev.acssync.record.TestRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;


/**
 * The per-record pipeline's own logic, in milliseconds: routes/pipeline/assign-org-unit, routes/acs/acs-call and the
 * record-error-policy, as shipped (YAML files and config/application.properties), with the real beans; only the edges
 * are doubles: the HTTP call answers from a script ({@link ScriptedAcs}), the token provider hands out numbered tokens.
 * The same guarantees are proven over real HTTP against the sandbox by the *IT tests. A subclass may change a
 * setting ({@link #settings}) when that setting is the point of its tests.
 */
abstract class PipelineRouteTestSupport extends CamelTestSupport {
    // route configurations first: a route takes its error policy when it is added
    static final String[] ROUTES = {"error-handling/record-errors", "error-handling/back-to-the-caller",
            "pipeline/assign-org-unit", "acs/acs-call"};
    static final String PATCHED = "{\"PKey\":\"@p1\",\"href\":\"x\"}";

    static final AcsProperties ACS = TestSettings.acs();
    final AcsAvailability availability = new AcsAvailability(ACS);
    final ScriptedAcs scriptedAcs = new ScriptedAcs();
    final NumberedTokens tokens = new NumberedTokens();

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        test.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration context) {
        super.configureContext(context);
        Properties shipped = new Properties();
        shipped.putAll(TestSettings.shipped());
        settings(shipped);
        context.withUseOverridePropertiesWithPropertiesComponent(shipped);
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        AcsCallMetrics metrics = new AcsCallMetrics(new SimpleMeterRegistry());
        OrgUnitDirectory directory = new OrgUnitDirectory(ACS, new SyncMetrics(new SimpleMeterRegistry(), context()));
        ObjectMapper json = new ObjectMapper();
        OrgUnitDirectory.Listing listing = directory.newListing();
        try {
            directory.addPage(listing, json.readTree("{\"content\":[{\"PKey\":\"@u1\",\"name\":\"brand1\",\"label\":\"Brand 1\"}]}"),
                    "http://acs.test/orgUnitBase/");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        directory.replace(listing);
        registry.bind("recordValidator", new RecordValidator(new RecordFieldNames(TestSettings.recordFields())));
        registry.bind("orgUnitDirectory", directory);
        registry.bind("orgUnitEnrichment", new OrgUnitEnrichment());
        registry.bind("acsRequests", new AcsRequests(ACS, customKey()));
        registry.bind("profileMatcher", new ProfileMatcher(customKey()));
        // a record's run without a snapshot (a JMS message, a small file): the per-record path these tests are about
        registry.bind("profileSnapshots", new dev.acssync.snapshot.ProfileSnapshots(null,
                new dev.acssync.snapshot.LookupProperties(null, 1000), ACS, customKey()));
        registry.bind("recordOutcomes", new RecordOutcomes());
        // the retry budget with this test's settings (a subclass may shorten it when the give-up is its point)
        Properties settings = new Properties();
        settings(settings);
        RetryBudget retryBudget = new RetryBudget(TestSettings.acs(settings), availability);
        registry.bind("retryBudget", retryBudget);
        registry.bind("acsAvailability", availability);
        registry.bind("acsCallMetrics", metrics);
        registry.bind("acsAnswers", new AcsAnswers(availability, retryBudget, metrics));
        registry.bind("acsTokenProvider", tokens);
        registry.bind("acsHeaderFilter", new dev.acssync.acs.AcsHeaderFilter());
        // one instance, as shipped: the shared rate limit is there but unused (sync.cluster.enabled=false)
        registry.bind("clusterRateLimit", new dev.acssync.cluster.ClusterRateLimit(
                new org.springframework.beans.factory.support.StaticListableBeanFactory()
                        .getBeanProvider(com.hazelcast.core.HazelcastInstance.class), ACS));
    }

    /** The rate-limit step's bean, as shipped (the operator's console control changes it: {@link #rateLimitControl}). */
    AcsRateLimit rateLimit;

    @Override
    protected void doPostSetup() throws Exception {
        CamelContext camel = context();
        rateLimit = new AcsRateLimit(ACS, camel);
        camel.getRegistry().bind("acsRateLimit", rateLimit);
        for (String route : ROUTES) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(camel, "file:routes/" + route + ".camel.yaml"));
        }
        // the HTTP call answers from the script; the directory reload (another route) is only counted
        AdviceWith.adviceWith(camel, "acs-http", a -> a.interceptSendToEndpoint("http*").skipSendToOriginalEndpoint()
                .process(scriptedAcs));
        AdviceWith.adviceWith(camel, "find-org-unit", a -> a.weaveByToUri("seda:*").replace().to("mock:reload-directory"));
        camel.start();
    }

    RecordOutcome assign(String email, String pkey, String orgUnit) {
        SyncRecord record = TestRecords.of("people.csv", 7, email, pkey, orgUnit);
        // a source's headers, which must not reach ACS
        return template.requestBodyAndHeader("direct:assign-org-unit", record, "CamelFileName", "people.csv", RecordOutcome.class);
    }

    /** The tenant's own profile key, as shipped: none. */
    protected dev.acssync.acs.CustomProfileKey customKey() {
        return TestSettings.customKey();
    }

    /** The shipped settings, as the routes will read them: a subclass changes one when it is the point of its tests. */
    protected void settings(Properties shipped) {
    }
}
