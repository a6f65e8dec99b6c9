package dev.acssync.routes;

import dev.acssync.TestSettings;
import dev.acssync.acs.CustomProfileKey;
import dev.acssync.outcome.RecordOutcome;
import dev.acssync.record.SyncRecord;
import dev.acssync.vocabulary.OutcomeReason;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * acs.custom-key.as-id=true: the profile resource declares the tenant's key as its id, so a record named by it is
 * PATCHed at profile/<key> directly, one call, without the custom filter.
 */
class CustomKeyAsIdRouteTest extends PipelineRouteTestSupport {

    @Override
    protected CustomProfileKey customKey() {
        return TestSettings.customKeyAsId();
    }

    @Override
    protected void settings(Properties shipped) {
        shipped.put("sync.record.custom-key-field", "crmId");
        shipped.put("acs.custom-key.field", "cusCrmId");
        shipped.put("acs.custom-key.as-id", "true");
    }

    private RecordOutcome assignByKey(String key) {
        SyncRecord record = new SyncRecord("crm.csv", 3, Map.of("crmId", key, "orgUnit", "brand1"), null, null, key, "brand1", null);
        return template.requestBody("direct:assign-org-unit", record, RecordOutcome.class);
    }

    @Test
    void aRecordIsPatchedAtItsKeyInOneCall() {
        scriptedAcs.answer(200, PATCHED);

        RecordOutcome outcome = assignByKey("CRM-0001");

        assertThat(outcome.getStatus()).isEqualTo("UPDATED");
        assertThat(outcome.getAttempts()).isEqualTo(1);
        assertThat(scriptedAcs.calls()).extracting(ScriptedAcs.Call::method).containsExactly("PATCH");
        assertThat(scriptedAcs.calls().get(0).uri()).endsWith("/campaign/profileAndServicesExt/profile/CRM-0001");
    }

    @Test
    void aKeyIsOnePathSegmentWhateverItHolds() {
        scriptedAcs.answer(200, PATCHED);

        assignByKey("CRM 7/../x?y");

        assertThat(scriptedAcs.calls().get(0).uri()).endsWith("/campaign/profileAndServicesExt/profile/CRM%207%2F..%2Fx%3Fy");
    }

    @Test
    void aKeyNoProfileHasIsADeadLetterAfterItsOneCall() {
        scriptedAcs.answer(404, "{\"code\":404,\"message\":\"RST-360011 An error has occurred - please contact your "
                + "administrator. Unable to find document 'CRM-9999'.\"}");

        RecordOutcome outcome = assignByKey("CRM-9999");

        assertThat(outcome.getReason()).isEqualTo(OutcomeReason.PROFILE_NOT_FOUND);
        assertThat(scriptedAcs.calls()).extracting(ScriptedAcs.Call::method).containsExactly("PATCH");
    }
}
