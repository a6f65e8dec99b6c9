package dev.acssync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acssync.acs.AcsRateLimit;
import dev.acssync.acs.AcsTokenProvider;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/** How the pipeline meets ACS's failures: transient faults are retried, permanent ones are not, tokens are renewed. */
class AcsFaultsIT extends SyncTestBase {

    @Autowired
    AcsTokenProvider tokens;
    @Autowired
    AcsRateLimit rateLimit;
    @Autowired
    ProducerTemplate template;
    @Value("${acs.base-url}")
    String acsBaseUrl;

    private static final String[] EMAILS = {
        "alice.martin@example.com", "bob.dupont@example.com", "carla.rossi@example.com", "david.smith@example.com",
        "emma.jones@example.com", "farid.haddad@example.com", "grace.lee@example.com", "hugo.bernard@example.com",
        "ivan.petrov@example.com", "julia.schmidt@example.com"};

    /** n records cycling over the seed profiles, by PKey, all to one unit. */
    private static String pkeyFile(int n, String unit) {
        StringBuilder csv = new StringBuilder("pkey,orgUnit\n");
        for (int i = 0; i < n; i++) {
            csv.append(pkeyOf(EMAILS[i % EMAILS.length])).append(',').append(unit).append('\n');
        }
        return csv.toString();
    }

    @Test
    void retryAfterIsHonouredAnd429And503AreRecoveredWithoutDeadLetters() throws Exception {
        faults("{\"next429\": 2, \"retryAfterSeconds\": 2, \"next503\": 2}");
        String name = "throttled-" + System.nanoTime() + ".csv";

        JsonNode report = dropAndAwaitReport(name, pkeyFile(3, "brand1"));

        assertThat(report.path("updated").asInt()).isEqualTo(3);
        assertThat(report.path("deadLettered").asInt()).isZero();
        assertThat(requests("PATCH profile 429")).isEqualTo(2);
        assertThat(requests("PATCH profile 503")).isEqualTo(2);
        // Retry-After: 2 was honoured; the back-off alone would have waited 50 ms
        Duration took = Duration.between(Instant.parse(report.path("startedAt").asText()), Instant.parse(report.path("finishedAt").asText()));
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void randomTransientFaultsEndWithEveryRecordUpdated() throws Exception {
        faults("{\"share429\": 0.15, \"share503\": 0.15, \"retryAfterSeconds\": 0}");
        String name = "flaky-" + System.nanoTime() + ".csv";
        StringBuilder csv = new StringBuilder("email,orgUnit\n");
        for (int i = 0; i < 20; i++) {
            csv.append(EMAILS[i % EMAILS.length]).append(",retail\n");
        }

        JsonNode report = dropAndAwaitReport(name, csv.toString());

        // a profile named again once it is in the unit is UNCHANGED (no PATCH)
        assertThat(report.path("updated").asInt() + report.path("unchanged").asInt()).isEqualTo(20);
        assertThat(deadLetters(name)).isEmpty();
        assertThat(requests("PATCH profile 429") + requests("PATCH profile 503")
                + requests("GET profileByEmail 429") + requests("GET profileByEmail 503")).isPositive();
        assertThat(orgUnitsByEmail()).containsEntry("julia.schmidt@example.com", "retail");
    }

    @Test
    void aPermanent500FromAcsIsDeadLetteredWithoutPointlessRetries() throws Exception {
        faults("{\"next500Rejected\": 1}");
        String name = "refused-" + System.nanoTime() + ".csv";

        JsonNode report = dropAndAwaitReport(name, pkeyFile(2, "brand2"));

        assertThat(report.path("updated").asInt()).isEqualTo(1);
        assertThat(report.path("reasons").path("REJECTED_BY_ACS").asInt()).isEqualTo(1);
        JsonNode dead = deadLetters(name).get(0);
        assertThat(dead.path("httpStatus").asInt()).isEqualTo(500);
        assertThat(dead.path("attempts").asInt()).isEqualTo(1);
        assertThat(dead.path("detail").asText()).contains("RST-360011");
        assertThat(requests("PATCH profile 500")).isEqualTo(1);
    }

    @Test
    void aTokenThatExpiresDuringAFileIsRenewed() throws Exception {
        faults("{\"latencyMs\": 800}");
        long tokensBefore = requests("POST token 200");
        String name = "slow-" + System.nanoTime() + ".csv";

        JsonNode report = dropAndAwaitReport(name, pkeyFile(80, "brand4"));

        assertThat(report.path("updated").asInt()).isEqualTo(80);
        // 80 records, 16 at a time, 800 ms each: 5 rounds, so tokens are taken over 3.2 s, while a test token (2 s
        // lifetime) is renewed 1.5 s after it was issued: at least two renewals whenever the file starts
        assertThat(requests("POST token 200") - tokensBefore).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRejectedTokenIsReplacedAndTheCallRetriedOnce() {
        String pkey = pkeyOf("alice.martin@example.com");
        tokens.invalidate(tokens.idOf(tokens.authorizationHeader()));
        tokens.authorizationHeader(); // a fresh token the service believes valid for another 1.5 s...
        sandbox("POST", "/sandbox/revoke-tokens", ""); // ...that ACS no longer accepts

        Exchange answer = template.send("direct:acs-call", e -> {
            e.setVariable("acsMethod", "GET");
            e.setVariable("acsUri", acsBaseUrl + "profileAndServicesExt/profile/" + pkey);
            e.setVariable("acsCalls", 0);
        });

        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getBody(JsonNode.class).path("email").asText()).isEqualTo("alice.martin@example.com");
        assertThat(answer.getMessage().getHeader("Authorization")).as("token must not travel with the message").isNull();
        assertThat(requests("GET profile 401")).isEqualTo(1);
        assertThat(requests("GET profile 200")).isEqualTo(1);
    }

    @Test
    void a401EvenWithAFreshTokenIsACredentialsProblemNotTheRecords() throws Exception {
        faults("{\"next401\": 2}");
        String name = "unauthorised-" + System.nanoTime() + ".csv";

        JsonNode report = dropAndAwaitReport(name, pkeyFile(1, "brand3"));

        // two 401s (the second with a fresh token) hold the record back; it is retried, not dead-lettered
        assertThat(report.path("updated").asInt()).isEqualTo(1);
        assertThat(deadLetters(name)).isEmpty();
        assertThat(requests("PATCH profile 401")).isEqualTo(2);
    }

    @Test
    void theConfiguredRequestRateIsNeverExceeded() throws Exception {
        // the shipped default: 10 requests a second, slots 105 ms apart (5% slack)
        assertThat(rateLimit.rate().requestsPerSecond()).isEqualTo(10);
        assertThat(rateLimit.rate().slotInterval()).isEqualTo(Duration.ofMillis(105));
        String name = "rate-limited-" + System.nanoTime() + ".csv";
        JsonNode report = dropAndAwaitReport(name, pkeyFile(35, "uk"));

        assertThat(report.path("updated").asInt()).isEqualTo(35);
        JsonNode stats = sandbox("GET", "/sandbox/stats", "");
        // 16 records in parallel, yet ACS never sees more than 10 requests in one of its seconds
        assertThat(stats.path("maxCampaignRequestsInOneSecond").asInt()).isBetween(1, 10);
    }

    @Test
    void recordsUnderTheFaultMixAreAllUpdatedWithTheShippedDefaults() throws Exception {
        faults("{\"share503\": 0.2, \"share429\": 0.1, \"retryAfterSeconds\": 1, \"latencyMs\": 5, \"latencyJitterMs\": 20}");
        String name = "stormy-" + System.nanoTime() + ".csv";
        StringBuilder csv = new StringBuilder("email,pkey,orgUnit\n");
        String[] units = {"emea", "amer", "apac", "retail", "online"};
        // 150 records at the shipped 10 requests/s: about half a minute (the default's exhaustion odds: RetryBudgetTest)
        for (int i = 0; i < 150; i++) {
            String email = EMAILS[i % EMAILS.length];
            csv.append(i % 2 == 0 ? email + "," : "," + pkeyOf(email)).append(',').append(units[i % units.length]).append('\n');
        }

        JsonNode report = dropAndAwaitReport(name, csv.toString());

        assertThat(report.path("records").asInt()).isEqualTo(150);
        // an email row whose lookup shows its profile in the unit already is UNCHANGED: every other row is PATCHed once
        assertThat(report.path("updated").asInt() + report.path("unchanged").asInt()).isEqualTo(150);
        assertThat(deadLetters(name)).isEmpty();
        assertThat(requests("PATCH profile 200")).isEqualTo(report.path("updated").asLong());
        assertThat(requests("PATCH profile 503") + requests("PATCH profile 429")).isPositive();
        // tokens live 2 s in tests: the run outlives several
        assertThat(requests("POST token 200")).isGreaterThanOrEqualTo(1);
    }
}
