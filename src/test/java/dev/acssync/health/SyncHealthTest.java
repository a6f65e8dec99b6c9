package dev.acssync.health;

import dev.acssync.TestSettings;
import dev.acssync.acs.AcsAvailability;
import dev.acssync.acs.AcsCredentialsException;
import dev.acssync.cluster.ClusterProperties;
import dev.acssync.cluster.ClusterRateLimit;
import dev.acssync.orgunit.OrgUnitDirectory;
import dev.acssync.preflight.Preflight;
import dev.acssync.preflight.PreflightFailedException;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.ContextHealthCheck;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The service's checks as Camel runs them (found as beans) and as the actuator shows them (component sync). */
class SyncHealthTest {
    private final Preflight preflight = new Preflight(TestSettings.customKey());
    private final OrgUnitDirectory directory = new OrgUnitDirectory(TestSettings.acs(),
            new dev.acssync.metrics.SyncMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), new DefaultCamelContext()));

    @Test
    void camelFindsTheChecksAsBeansAndAFailedPreflightIsAReadinessCheckDown() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("preflightCheck", new PreflightCheck(preflight));
            camel.getRegistry().bind("orgUnitDirectoryCheck", new OrgUnitDirectoryCheck(directory));
            camel.start();
            preflight.failed("profile resource", new PreflightFailedException("the profile resource has no orgUnit field"));

            HealthCheck.Result result = HealthCheckHelper.invoke(camel, "preflight", java.util.Map.of()).orElseThrow();
            assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(result.getMessage()).contains("profile resource: the profile resource has no orgUnit field");
            assertThat(HealthCheckHelper.invokeReadiness(camel)).extracting(r -> r.getCheck().getId())
                    .contains("preflight").doesNotContain("orgUnitDirectory");
        }
    }

    @Test
    void eachCheckIsAMemberWithItsOwnDetailsOnly() {
        SyncHealth sync = new SyncHealth(List.of(new PreflightCheck(preflight), new OrgUnitDirectoryCheck(directory),
                new ContextHealthCheck()));
        assertThat(StreamSupport.stream(sync.spliterator(), false).map(NamedContributor::getName))
                .as("Camel's own checks are not ours").containsExactly("orgUnitDirectory", "preflight");

        Health down = health(sync, "preflight");
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsOnlyKeys("reason", "checkedAt").containsEntry("reason", "not run yet")
                .containsEntry("checkedAt", "never");

        preflight.passed(35);
        Health up = health(sync, "preflight");
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsOnlyKeys("orgUnits", "checkedAt").containsEntry("orgUnits", 35);
    }

    @Test
    void acsAvailabilitySaysWhyItIsDown() {
        AcsAvailability acs = new AcsAvailability(TestSettings.acs());
        AcsAvailabilityCheck check = new AcsAvailabilityCheck(acs);
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);

        acs.fault(new AcsCredentialsException("POST token answered 401", 401));
        HealthCheck.Result down = check.call();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getDetails().get("reason")).isEqualTo("credentials refused: POST token answered 401");
        assertThat(down.getDetails()).containsKey("downSince");

        acs.success();
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(check.call().getDetails()).containsKey("lastSuccess");
    }

    @Test
    void theClusterRateLimitSaysWhyCallsWait() {
        ClusterRateLimit rateLimit = mock(ClusterRateLimit.class);
        when(rateLimit.members()).thenReturn(1);
        when(rateLimit.waitingSince()).thenReturn(Optional.empty());
        ClusterRateLimitCheck check = new ClusterRateLimitCheck(rateLimit,
                new ClusterProperties(true, "", "test", List.of("127.0.0.1"), "127.0.0.1", 5701, "", 2));

        HealthCheck.Result down = check.call();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getDetails()).containsEntry("reason", "ACS calls wait: 1 member(s) see each other, 2 needed "
                + "(sync.cluster.rate-limit-quorum)").containsEntry("members", 1).containsEntry("quorum", 2);

        when(rateLimit.quorumPresent()).thenReturn(true);
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
    }

    private static Health health(SyncHealth sync, String id) {
        return ((HealthIndicator) sync.getContributor(id)).health();
    }
}
