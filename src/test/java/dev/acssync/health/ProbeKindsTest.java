package dev.acssync.health;

import dev.acssync.TestSettings;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes mean what they meant before the checks became Camel health checks: readiness is the preflight and ACS,
 * liveness is processing and the intake's progress. The probe groups of config/application.properties name them, and each check's Camel kind
 * (what Camel's health MBean shows in Hawtio) says the same.
 */
class ProbeKindsTest {
    private static final List<SyncHealthCheck> CHECKS = List.of(new PreflightCheck(null), new AcsAvailabilityCheck(null),
            new OrgUnitDirectoryCheck(null), new DataFoldersCheck(null, null), new OutputsCheck(null),
            new ClusterRateLimitCheck(null, null), new ProcessingCheck(null, null), new IntakeProgressCheck(null, null, null, null, null, null));

    /** The group's members, and of them the sync/ ones by check id. */
    private static List<String> group(String name) {
        return Arrays.stream(TestSettings.shipped().get("management.endpoint.health.group." + name + ".include").split(","))
                .map(String::trim).toList();
    }

    private static List<String> checks(List<String> members) {
        return members.stream().filter(m -> m.startsWith("sync/")).map(m -> m.substring("sync/".length())).toList();
    }

    @Test
    void readinessIsThePreflightAndAcs() {
        assertThat(group("readiness")).containsExactlyInAnyOrder("readinessState", "sync/preflight", "sync/acsAvailability");
        assertThat(CHECKS.stream().filter(HealthCheck::isReadiness).map(HealthCheck::getId))
                .containsExactlyInAnyOrderElementsOf(checks(group("readiness")));
    }

    @Test
    void livenessIsProcessingAndTheIntakesProgress() {
        assertThat(group("liveness")).containsExactlyInAnyOrder("livenessState", "sync/processing", "sync/intakeProgress");
        assertThat(CHECKS.stream().filter(HealthCheck::isLiveness).map(HealthCheck::getId))
                .containsExactlyInAnyOrderElementsOf(checks(group("liveness")));
    }
}
