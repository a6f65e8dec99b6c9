package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acssync.orgunit.OrgUnitDirectory;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The cached, paginated org-unit directory: one listing per refresh, never one per record. */
class OrgUnitDirectoryIT extends SyncTestBase {

    @Autowired
    OrgUnitDirectory directory;

    @Autowired
    ProducerTemplate template;

    /** Loads the directory now, as the schedule does, but with the failure, if any, as the answer. */
    private Exchange load() {
        return template.send("direct:load-org-unit-directory", e -> { });
    }

    @Test
    void loadsEveryPageByFollowingNextHref() {
        assertThat(load().getMessage().getBody(Integer.class)).isEqualTo(35);
        // 35 units at 25 a page
        assertThat(requests("GET orgUnitBase 200")).isEqualTo(2);
    }

    @Test
    void recordsUseTheCacheAndUnknownUnitsCostAtMostOneReload() throws Exception {
        load();
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

    @Test
    void aNextLinkOrARedirectToAnotherHostNeverGetsTheToken() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer elsewhere = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", ex -> {
            calls.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        elsewhere.start();
        String origin = "http://127.0.0.1:" + elsewhere.getAddress().getPort();
        try {
            faults("{\"linkOrigin\": \"" + origin + "\"}");
            assertThat(load().getException()).hasMessageContaining("refusing to send the ACS credentials to " + origin + "/sandbox-org/campaign/");
            faults("{\"linkOrigin\": \"\", \"redirectOrigin\": \"" + origin + "\"}");
            assertThat(load().getException()).hasMessageContaining("307");
            assertThat(calls.get()).as("requests that reached the other host").isZero();
            assertThat(directory.size()).as("the previous list is kept").isEqualTo(35);
        } finally {
            elsewhere.stop(0);
        }
    }
}
