package dev.acssync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acssync.acs.AcsProperties;
import dev.acssync.vocabulary.ConfigurationMistakeException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Cluster settings that contradict each other stop the start, each with a sentence saying what to set. */
class ClusterModeCheckTest {
    private static final List<String> THREE = List.of("10.0.0.1:5701", "10.0.0.2:5701", "10.0.0.3:5701");

    @Test
    void oneInstanceAsShippedStarts() {
        assertThatCode(() -> check(cluster(false, "", THREE, 2), 10, "false")).doesNotThrowAnyException();
    }

    @Test
    void theClusterProfileStarts() {
        assertThatCode(() -> check(cluster(true, "master:intake:", THREE, 2), 10, "true")).doesNotThrowAnyException();
        // a host without its port stands for several ports: not counted
        assertThatCode(() -> check(cluster(true, "master:intake:", List.of("127.0.0.1"), 2), 10, "true"))
                .doesNotThrowAnyException();
    }

    @Test
    void contradictionsAreRefusedWithTheSettingToChange() {
        assertThatThrownBy(() -> check(cluster(false, "master:intake:", THREE, 2), 10, "false"))
                .isInstanceOf(ConfigurationMistakeException.class)
                .hasMessageContaining("sync.cluster.leader-only is set but sync.cluster.enabled=false");
        assertThatThrownBy(() -> check(cluster(true, "", THREE, 2), 10, "true"))
                .hasMessageContaining("needs sync.cluster.leader-only=master:<namespace>:");
        assertThatThrownBy(() -> check(cluster(true, "master:intake:", THREE, 2), 0, "true"))
                .hasMessageContaining("acs.rate-limit.requests-per-second must be above 0");
        assertThatThrownBy(() -> check(cluster(true, "master:intake:", THREE, 4), 10, "true"))
                .isInstanceOfSatisfying(ConfigurationMistakeException.class, mistake -> {
                    assertThat(mistake.description()).startsWith("sync.cluster.rate-limit-quorum (4) is more than the 3 members");
                    assertThat(mistake.action()).isEqualTo("Set sync.cluster.rate-limit-quorum to a majority of them (2), "
                            + "or list every member.");
                });
        // the routes read the value as text: "yes" would take the single-instance branch there
        assertThatThrownBy(() -> check(cluster(true, "master:intake:", THREE, 2), 10, "yes"))
                .hasMessageContaining("sync.cluster.enabled must be true or false, not 'yes'");
    }

    private static ClusterProperties cluster(boolean enabled, String leaderOnly, List<String> members, int quorum) {
        return new ClusterProperties(enabled, leaderOnly, "acs-orgunit-sync", members, "10.0.0.1", 5701, "", quorum);
    }

    private static void check(ClusterProperties cluster, double rate, String enabledAsWritten) {
        AcsProperties acs = new AcsProperties("org", null, null, null, 16, null, null, new AcsProperties.RateLimit(rate),
                null, null, null, null, null, null, null);
        new ClusterModeCheck(cluster, acs, new MockEnvironment().withProperty("sync.cluster.enabled", enabledAsWritten)).check();
    }
}
