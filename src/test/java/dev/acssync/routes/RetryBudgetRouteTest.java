package dev.acssync.routes;

import dev.acssync.outcome.RecordOutcome;
import dev.acssync.vocabulary.OutcomeReason;
import java.net.ConnectException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry budget of a call (acs.retry.give-up-after), shortened from 5 minutes to 1.2 s because the give-up is the
 * point of these tests: a call still failing after it is a dead letter, unless ACS as a whole is down.
 */
class RetryBudgetRouteTest extends PipelineRouteTestSupport {
    private static final String UNAVAILABLE = "{\"error_code\":\"503\",\"message\":\"Service Unavailable\"}";

    @Override
    protected void settings(Properties shipped) {
        shipped.put("acs.retry.give-up-after", "PT1.2S");
    }

    @Test
    void aCallStillFailingAfterItsBudgetIsADeadLetterRetriesExhausted() {
        for (int i = 0; i < 9; i++) {
            scriptedAcs.answer(503, UNAVAILABLE);
        }

        RecordOutcome outcome = assign(null, "@p1", "brand1");

        assertThat(outcome.getReason()).isEqualTo(OutcomeReason.RETRIES_EXHAUSTED);
        assertThat(outcome.getDetail()).contains("PATCH profile answered HTTP 503");
        // back-off 500 ms, then 1 s (with jitter): tried at about 0, 0.5, 1.5 s
        assertThat(scriptedAcs.calls()).hasSizeBetween(3, 4);
        assertThat(outcome.getAttempts()).isEqualTo(scriptedAcs.calls().size());
    }

    @Test
    void aJsonBadGatewayOopsHoldsTheRecordPastItsBudgetWhereAGatewaysPageGivesUp() {
        String oops = "{\"code\":502,\"message\":\"Oops. Something went wrong. Check your URI and try again.\"}";
        for (int i = 0; i < 3; i++) {
            scriptedAcs.answer(502, oops);
        }
        scriptedAcs.answer(200, PATCHED);
        // the third try comes at 1.3 s at the earliest, past the 1.2 s budget: the record waits because the tenant's
        // set-up is wrong, which is not the record's fault
        assertThat(assign(null, "@p1", "brand1").getStatus()).isEqualTo("UPDATED");
        assertThat(scriptedAcs.calls()).hasSize(4);

        for (int i = 0; i < 9; i++) {
            scriptedAcs.answer(502, "<html><head><title>502 Bad Gateway</title></head><body>Oops</body></html>");
        }
        assertThat(assign(null, "@p2", "brand1").getReason()).as("a gateway's page: a passing outage, with a budget")
                .isEqualTo(OutcomeReason.RETRIES_EXHAUSTED);
    }

    @Test
    void whileAcsIsDownARecordOutlivesItsBudgetAndIsUpdatedWhenAcsReturns() {
        // ACS is down (the preflight could not reach it): the record waits instead of being dead-lettered
        availability.preflightFailed(new ConnectException("Connection refused"));
        // its third try comes at 1.3 s at the earliest, past its 1.2 s budget: without the outage, a dead letter
        for (int i = 0; i < 3; i++) {
            scriptedAcs.answer(503, UNAVAILABLE);
        }
        scriptedAcs.answer(200, PATCHED);

        RecordOutcome outcome = assign(null, "@p1", "brand1");

        assertThat(outcome.getStatus()).isEqualTo("UPDATED");
        assertThat(scriptedAcs.calls()).hasSize(4);
        assertThat(availability.isDown()).as("the answer ended the outage").isFalse();
    }
}
