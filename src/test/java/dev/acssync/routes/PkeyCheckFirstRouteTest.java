package dev.acssync.routes;

import dev.acssync.vocabulary.OutcomeReason;
import dev.acssync.outcome.RecordOutcome;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** acs.pkey-records.check-first=true: a record naming its profile by PKey reads it first and PATCHes only if needed. */
class PkeyCheckFirstRouteTest extends PipelineRouteTestSupport {

    @Override
    protected void settings(Properties shipped) {
        shipped.put("acs.pkey-records.check-first", "true");
    }

    @Test
    void aProfileAlreadyInTheUnitCostsOneGetAndNoPatch() {
        scriptedAcs.answer(200, "{\"PKey\":\"@p1\",\"email\":\"ada@example.com\",\"orgUnit\":{\"PKey\":\"@u1\"}}");

        RecordOutcome outcome = assign(null, "@p1", "brand1");

        assertThat(outcome.getStatus()).isEqualTo("UNCHANGED");
        assertThat(scriptedAcs.calls()).extracting(ScriptedAcs.Call::method).containsExactly("GET");
        assertThat(scriptedAcs.calls().get(0).uri()).endsWith("/campaign/profileAndServicesExt/profile/@p1");
    }

    @Test
    void aProfileElsewhereIsReadThenPatched() {
        scriptedAcs.answer(200, "{\"PKey\":\"@p1\",\"email\":\"ada@example.com\",\"orgUnit\":{\"PKey\":\"@u7\"}}");
        scriptedAcs.answer(200, PATCHED);

        RecordOutcome outcome = assign(null, "@p1", "brand1");

        assertThat(outcome.getStatus()).isEqualTo("UPDATED");
        assertThat(outcome.getAttempts()).isEqualTo(2);
        assertThat(scriptedAcs.calls()).extracting(ScriptedAcs.Call::method).containsExactly("GET", "PATCH");
    }

    @Test
    void anUnknownPkeyIsADeadLetterWithoutAPatch() {
        scriptedAcs.answer(404, "{\"code\":404,\"message\":\"RST-360011 An error has occurred - please contact your "
                + "administrator. Unable to find document '@p1'.\"}");

        RecordOutcome outcome = assign(null, "@p1", "brand1");

        assertThat(outcome.getReason()).isEqualTo(OutcomeReason.PROFILE_NOT_FOUND);
        assertThat(scriptedAcs.calls()).extracting(ScriptedAcs.Call::method).containsExactly("GET");
    }
}
