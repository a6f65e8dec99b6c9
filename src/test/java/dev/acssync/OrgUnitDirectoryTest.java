package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acssync.orgunit.OrgUnitDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The cached, paginated org-unit directory: one listing per refresh, never one per record. */
class OrgUnitDirectoryTest extends SyncTestBase {

    @Autowired
    OrgUnitDirectory directory;

    @Test
    void loadsEveryPageByFollowingNextHref() {
        assertThat(directory.refresh()).isEqualTo(35);
        // 35 units at 25 a page
        assertThat(requests("GET orgUnitBase 200")).isEqualTo(2);
    }

    @Test
    void recordsUseTheCacheAndUnknownUnitsCostAtMostOneReload() throws Exception {
        directory.refresh();
        sandbox("POST", "/sandbox/reset", "");
        String name = "cached-" + System.nanoTime() + ".csv";
        String csv = "email,orgUnit\n"
                + "alice.martin@example.com,test\n"          // on the second page
                + "bob.dupont@example.com,Brand4\n"          // names match ignoring case when unambiguous
                + "carla.rossi@example.com,nowhere\n"
                + "david.smith@example.com,nowhere-either\n"
                + "emma.jones@example.com,not-here\n";

        JsonNode report = dropAndAwaitReport(name, csv);

        assertThat(report.path("updated").asInt()).isEqualTo(2);
        assertThat(report.path("reasons").path("UNKNOWN_ORG_UNIT").asInt()).isEqualTo(3);
        assertThat(orgUnitsByEmail()).containsEntry("alice.martin@example.com", "test")
                .containsEntry("bob.dupont@example.com", "brand4");
        // the directory was loaded just before: the misses must not reload it (min-refresh-interval)
        assertThat(requests("GET orgUnitBase 200")).isZero();
    }
}
