package dev.acssync.routes;

import dev.acssync.health.AcsAvailabilityCheck;
import dev.acssync.outcome.DeadLetter;
import dev.acssync.vocabulary.OutcomeReason;
import dev.acssync.outcome.RecordOutcome;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The record pipeline's rules and error policy, as shipped (see {@link PipelineRouteTestSupport}). */
class RecordPipelineRouteTest extends PipelineRouteTestSupport {

    @Test
    void aRecordWithAPkeyIsPatchedOnceWithTheUnitsPkeyAndNoSourceHeader() {
        scriptedAcs.answer(200, PATCHED);

        RecordOutcome outcome = assign(null, "@p1", "brand1");

        assertThat(outcome.isDeadLettered()).isFalse();
        assertThat(outcome.getStatus()).isEqualTo("UPDATED");
        assertThat(scriptedAcs.calls()).hasSize(1);
        ScriptedAcs.Call patch = scriptedAcs.calls().get(0);
        assertThat(patch.method()).isEqualTo("PATCH");
        assertThat(patch.uri()).endsWith("/campaign/profileAndServicesExt/profile/@p1");
        assertThat(patch.body()).isEqualTo("{\"orgUnit\":{\"PKey\":\"@u1\"}}");
        assertThat(patch.headers()).containsEntry("Authorization", "Bearer token-1").containsEntry("X-Api-Key", ACS.clientId())
                .doesNotContainKey("CamelFileName");
    }

    @Test
    void anEmailIsLookedUpThenItsSingleMatchIsPatched() {
        scriptedAcs.answer(200, "{\"content\":[{\"PKey\":\"@p9\",\"email\":\"ada@example.com\"}]}");
        scriptedAcs.answer(200, PATCHED);

        RecordOutcome outcome = assign("ada@example.com", null, "BRAND1");

        assertThat(outcome.getStatus()).isEqualTo("UPDATED");
        assertThat(scriptedAcs.calls()).extracting(ScriptedAcs.Call::method).containsExactly("GET", "PATCH");
        assertThat(scriptedAcs.calls().get(0).uri()).contains("/profile/byEmail?email=ada%40example.com");
        assertThat(scriptedAcs.calls().get(1).uri()).endsWith("/profile/@p9");
    }

    @Test
    void aProfileTheLookupShowsInTheUnitAlreadyIsUnchangedWithoutAPatch() {
        scriptedAcs.answer(200, "{\"content\":[{\"PKey\":\"@p9\",\"email\":\"ada@example.com\","
                + "\"orgUnit\":{\"PKey\":\"@u1\",\"title\":\"Brand 1 (brand1)\"}}]}");

        RecordOutcome outcome = assign("ada@example.com", null, "brand1");

        assertThat(outcome.getStatus()).isEqualTo("UNCHANGED");
        assertThat(outcome.getAttempts()).isEqualTo(1);
        assertThat(scriptedAcs.calls()).extracting(ScriptedAcs.Call::method).containsExactly("GET");
    }

    @Test
    void aRecordWithAPkeyIsNotReadFirstByDefault() {
        scriptedAcs.answer(200, PATCHED);

        assertThat(assign(null, "@p1", "brand1").getStatus()).isEqualTo("UPDATED");
        assertThat(scriptedAcs.calls()).extracting(ScriptedAcs.Call::method).containsExactly("PATCH");
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheRetryAfterAcsAsked() {
        scriptedAcs.answer(429, "{\"error_code\":\"429050\",\"message\":\"Too many requests\"}", "Retry-After", "1");
        scriptedAcs.answer(200, PATCHED);

        RecordOutcome outcome = assign(null, "@p1", "brand1");

        assertThat(outcome.getStatus()).isEqualTo("UPDATED");
        assertThat(outcome.getAttempts()).isEqualTo(2);
        assertThat(scriptedAcs.millisBetweenCalls(0, 1)).as("Retry-After: 1, not the 500 ms back-off").isGreaterThanOrEqualTo(950);
    }

    @Test
    void tooManyRequestsWithoutRetryAfterAsAcsDocumentsItIsRetriedAfterTheBackOff() {
        scriptedAcs.answer(429, "{\"error_code\":\"429050\",\"message\":\"Too many requests\"}");
        scriptedAcs.answer(200, PATCHED);

        RecordOutcome outcome = assign(null, "@p1", "brand1");

        assertThat(outcome.getStatus()).isEqualTo("UPDATED");
        assertThat(outcome.getAttempts()).isEqualTo(2);
        // the shipped first back-off, 500 ms, less Camel's 15% jitter
        assertThat(scriptedAcs.millisBetweenCalls(0, 1)).isGreaterThanOrEqualTo(420);
    }

    @Test
    void noAnswerAtAllAndAGatewaysBadGatewayAreRetried() {
        scriptedAcs.fail(new ConnectException("Connection refused"));
        scriptedAcs.answer(502, "<html>502 Bad Gateway</html>");
        scriptedAcs.answer(200, PATCHED);

        RecordOutcome outcome = assign(null, "@p1", "brand1");

        assertThat(outcome.getStatus()).isEqualTo("UPDATED");
        assertThat(scriptedAcs.calls()).hasSize(3);
        assertThat(availability.isDown()).isFalse();
    }

    @Test
    void aJsonBadGatewayOopsIsAConfigurationErrorTheRecordWaitsAndHealthNamesIt() {
        String oops = "{\"code\":502,\"message\":\"Oops. Something went wrong. Check your URI and try again.\"}";
        scriptedAcs.answer(502, oops);
        scriptedAcs.answer(502, oops);
        scriptedAcs.answer(200, PATCHED);
        List<String> healthBetweenCalls = new ArrayList<>();
        scriptedAcs.atEachCall(() -> healthBetweenCalls.add(String.valueOf(new AcsAvailabilityCheck(availability).call().getMessage())));

        RecordOutcome outcome = assign(null, "@p1", "brand1");

        assertThat(outcome.getStatus()).as("the record waited: no dead letter").isEqualTo("UPDATED");
        assertThat(healthBetweenCalls.get(0)).as("before the first answer").doesNotContain("configuration error");
        for (String health : healthBetweenCalls.subList(1, 3)) {
            assertThat(health).as("from the first Oops on, one is enough")
                    .contains("configuration error: PATCH profile answered HTTP 502: Oops.")
                    .contains("the tenant is not set up for the API").contains("docs/real-tenant.md");
        }
        assertThat(availability.isDown()).as("the answer that succeeded ended it").isFalse();
    }

    @Test
    void aGatewaysHtmlBadGatewayIsAPassingOutageNotAConfigurationError() {
        scriptedAcs.answer(502, "<html><head><title>502 Bad Gateway</title></head><body>Oops</body></html>");
        scriptedAcs.answer(200, PATCHED);
        List<Boolean> downBetweenCalls = new ArrayList<>();
        scriptedAcs.atEachCall(() -> downBetweenCalls.add(availability.isDown()));

        assertThat(assign(null, "@p1", "brand1").getStatus()).isEqualTo("UPDATED");
        assertThat(downBetweenCalls).containsExactly(false, false);
    }

    @Test
    void anUnknownKeyThatAcsCallsNotAValidConstantIsAProfileNotFound() {
        scriptedAcs.answer(500, "{\"code\":500,\"message\":\"'@gibberish' is not a valid constant\"}");

        RecordOutcome outcome = assign(null, "@gibberish", "brand1");

        assertThat(outcome.getReason()).isEqualTo(OutcomeReason.PROFILE_NOT_FOUND);
        assertThat(outcome.getDetail()).isEqualTo("PATCH profile answered HTTP 500: '@gibberish' is not a valid constant");
        assertThat(scriptedAcs.calls()).as("no second try").hasSize(1);
    }

    @Test
    void notAValidConstantAboutAnotherValueThanTheProfilesKeyIsNotTakenForAnUnknownProfile() {
        for (int i = 0; i < 3; i++) {
            scriptedAcs.answer(500, "{\"code\":500,\"message\":\"'@u1' is not a valid constant\"}");
        }

        assertThat(assign(null, "@p1", "brand1").getReason()).as("the unit's key, not the profile's")
                .isEqualTo(OutcomeReason.ACS_SERVER_ERROR);
    }

    @Test
    void aFiveHundredWithoutAnAcsCodeIsTriedThreeTimesThenADeadLetterWithoutCallingItAnOutage() {
        for (int i = 0; i < 3; i++) {
            scriptedAcs.answer(500, "{\"code\":500,\"message\":\"Oops. Something went wrong. Check your URI and try again.\"}");
        }

        RecordOutcome outcome = assign(null, "@p1", "brand1");

        assertThat(outcome.getReason()).isEqualTo(OutcomeReason.ACS_SERVER_ERROR);
        assertThat(outcome.getDetail()).isEqualTo("a server error without an ACS error code on each of 3 tries: "
                + "PATCH profile answered HTTP 500: Oops. Something went wrong. Check your URI and try again.");
        assertThat(outcome.getHttpStatus()).isEqualTo(500);
        assertThat(scriptedAcs.calls()).hasSize(3);
        assertThat(scriptedAcs.millisBetweenCalls(0, 1)).as("the usual back-off between tries").isGreaterThanOrEqualTo(400);
        assertThat(availability.isDown()).isFalse();
        assertThat(new AcsAvailabilityCheck(availability).call().getDetails()).containsKey("serverErrorsWithoutAcsCode");
    }

    @Test
    void eachCallOfARecordHasItsOwnTriesForServerErrors() {
        String oops = "{\"code\":500,\"message\":\"Oops. Something went wrong. Check your URI and try again.\"}";
        scriptedAcs.answer(500, oops);
        scriptedAcs.answer(500, oops);
        scriptedAcs.answer(200, "{\"content\":[{\"PKey\":\"@p9\",\"email\":\"ada@example.com\"}]}");
        scriptedAcs.answer(500, oops);
        scriptedAcs.answer(500, oops);
        scriptedAcs.answer(200, PATCHED);

        RecordOutcome outcome = assign("ada@example.com", null, "brand1");

        assertThat(outcome.getStatus()).as("two failures of the lookup do not use up the PATCH's tries").isEqualTo("UPDATED");
        assertThat(scriptedAcs.calls()).extracting(ScriptedAcs.Call::method).containsExactly("GET", "GET", "GET", "PATCH", "PATCH", "PATCH");
    }

    @Test
    void aRejectedTokenIsReplacedOnceAndTheCallRepeated() {
        scriptedAcs.answer(401, "{\"error_code\":\"401013\",\"message\":\"Oauth token is not valid\"}");
        scriptedAcs.answer(200, PATCHED);

        RecordOutcome outcome = assign(null, "@p1", "brand1");

        assertThat(outcome.getStatus()).isEqualTo("UPDATED");
        assertThat(scriptedAcs.calls()).extracting(c -> c.headers().get("Authorization"))
                .containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void aRefusalCarryingAnAcsCodeIsADeadLetterAtOnce() {
        scriptedAcs.answer(500, "{\"code\":500,\"message\":\"RST-360011 An error has occurred - please contact your administrator.\"}");

        RecordOutcome outcome = assign(null, "@p1", "brand1");

        assertThat(outcome).isInstanceOf(DeadLetter.class);
        assertThat(outcome.getReason()).isEqualTo(OutcomeReason.REJECTED_BY_ACS);
        assertThat(outcome.getDetail()).isEqualTo("PATCH profile answered HTTP 500: RST-360011 An error has occurred - please contact your administrator.");
        assertThat(outcome.getHttpStatus()).isEqualTo(500);
        assertThat(scriptedAcs.calls()).hasSize(1);
    }

    @Test
    void aDatabaseRefusalCarryingAPgsCodeIsADeadLetterAtOnceToo() {
        // as Adobe's v8 limitations page shows ACS refusing a duplicate key
        scriptedAcs.answer(500, "{\"code\":500,\"message\":\"A 'Service' with the same key 'SVC4' already exists. "
                + "PGS-220000 PostgreSQL error: ERROR: duplicate key value violates unique constraint\"}");

        RecordOutcome outcome = assign(null, "@p1", "brand1");

        assertThat(outcome.getReason()).isEqualTo(OutcomeReason.REJECTED_BY_ACS);
        assertThat(scriptedAcs.calls()).hasSize(1);
    }

    @Test
    void aValueShapedLikeACodeInAServerErrorIsNotTakenForOne() {
        for (int i = 0; i < 3; i++) {
            scriptedAcs.answer(500, "{\"code\":500,\"message\":\"Oops. Something went wrong with CRM-123456\"}");
        }

        assertThat(assign(null, "@p1", "brand1").getReason()).isEqualTo(OutcomeReason.ACS_SERVER_ERROR);
        assertThat(scriptedAcs.calls()).hasSize(3);
    }

    @Test
    void anUnknownProfileIsADeadLetterAndAnUnknownUnitCostsNoAcsCall() {
        scriptedAcs.answer(404, "{\"code\":404,\"message\":\"RST-360011 Unable to find document '@p404'.\"}");
        assertThat(assign(null, "@p404", "brand1").getReason()).isEqualTo(OutcomeReason.PROFILE_NOT_FOUND);

        RecordOutcome unknownUnit = assign(null, "@p1", "nowhere");

        assertThat(unknownUnit.getReason()).isEqualTo(OutcomeReason.UNKNOWN_ORG_UNIT);
        assertThat(unknownUnit.getDetail()).startsWith("no org unit named 'nowhere' among the 1 units listed by ACS");
        assertThat(getMockEndpoint("mock:reload-directory").getReceivedCounter()).as("the directory reloaded once first").isEqualTo(1);
        assertThat(scriptedAcs.calls()).hasSize(1);
    }

    @Test
    void aBadRecordIsADeadLetterBeforeAnyCall() {
        RecordOutcome outcome = assign(null, "@p1/../../x", "brand1");

        assertThat(outcome.getReason()).isEqualTo(OutcomeReason.INVALID_RECORD);
        assertThat(outcome.getSource()).isEqualTo("people.csv");
        assertThat(outcome.getLine()).isEqualTo(7);
        assertThat(scriptedAcs.calls()).isEmpty();
    }

    @Test
    void theRateLimitHoldsInAnySecondAfterALiveChange() throws Exception {
        // at the shipped 10 a second, slots 105 ms apart; then the operator lowers it to 3 (what Hawtio's write calls)
        for (int i = 0; i < 22; i++) {
            scriptedAcs.answer(200, PATCHED);
        }
        callAcs(10);
        new dev.acssync.acs.RateLimitControl(rateLimit, false).setRequestsPerSecond("3");

        callAcs(12);

        List<Long> before = scriptedAcs.calls().subList(0, 10).stream().map(ScriptedAcs.Call::atNanos).sorted().toList();
        List<Long> after = scriptedAcs.calls().subList(10, 22).stream().map(ScriptedAcs.Call::atNanos).sorted().toList();
        // at 10/s, slots 105 ms apart: ten calls span at least nine of them (less the jitter between a slot and the call)
        assertThat((before.get(9) - before.get(0)) / 1_000_000).as("ten calls at 10/s").isGreaterThanOrEqualTo(900);
        for (int i = 0; i + 3 < after.size(); i++) {
            assertThat((after.get(i + 3) - after.get(i)) / 1_000_000).as("calls %d to %d: never 4 within a second", i, i + 3)
                    .isGreaterThanOrEqualTo(1000);
        }
        assertThat((after.get(0) - before.get(before.size() - 1)) / 1_000_000)
                .as("the first slot at 3/s is 350 ms after the last one at 10/s: no burst at the change").isGreaterThanOrEqualTo(340);
    }

    /** n ACS calls from 6 threads at once, each answered. */
    private void callAcs(int n) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<Exchange>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(callers.submit(() -> template.send("direct:acs-call", e -> {
                    e.setVariable("acsCalls", 0);
                    e.setVariable("acsMethod", "PATCH");
                    e.setVariable("acsUri", ACS.baseUrl() + "profileAndServicesExt/profile/@p1");
                    e.setVariable("acsBody", "{\"orgUnit\":{\"PKey\":\"@u1\"}}");
                })));
            }
            for (Future<Exchange> call : calls) {
                assertThat(call.get(30, TimeUnit.SECONDS).getException()).isNull();
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
