package dev.acssync.acs;

import dev.acssync.vocabulary.OrgUnit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.vocabulary.OutcomeReason;
import dev.acssync.vocabulary.RecordRejectedException;
import dev.acssync.TestSettings;
import dev.acssync.record.TestRecords;
import dev.acssync.record.SyncRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** byEmail's answer is checked, never trusted: exactly one profile with that email as written, or a dead letter. */
class ProfileMatcherTest {
    private final ObjectMapper json = new ObjectMapper();
    // the record's column crmId, the ACS field cusCrmId: the field's name in the answer is the ACS one
    private final ProfileMatcher matcher = new ProfileMatcher(TestSettings.customKey("crmId", "cusCrmId"));

    private void pick(SyncRecord record, JsonNode answer) {
        matcher.pickSingle(record, answer);
    }

    private void pickByKey(SyncRecord record, JsonNode answer) {
        matcher.pickSingleByCustomKey(record, answer);
    }

    private SyncRecord record(String email) {
        return TestRecords.of("t.csv", 1, email, null, "brand1");
    }

    @Test
    void theSingleProfileWithThatEmailIsPicked() throws Exception {
        SyncRecord record = record("ada@example.com");
        pick(record, json.readTree("{\"content\":[{\"PKey\":\"@x\",\"email\":\"adam@example.com\"},"
                + "{\"PKey\":\"@p\",\"email\":\"ada@example.com\"},{\"PKey\":\"@q\",\"email\":\"Ada@Example.com\"}]}"));
        assertThat(record.getProfilePKey()).as("the one written the same way, case included").isEqualTo("@p");
    }

    @Test
    void aProfileWhoseEmailDiffersOnlyInCaseIsNamedButNotTaken() throws Exception {
        SyncRecord record = record("Ada@Example.com");
        assertThatThrownBy(() -> pick(record, json.readTree("{\"content\":[{\"PKey\":\"@p\",\"email\":\"ada@example.com\"}]}")))
                .hasMessage("no profile with email 'Ada@Example.com' as written; ACS has it in another case: 'ada@example.com'"
                        + " (emails are matched case included: correct the source, or name the profile by pkey)")
                .extracting(e -> ((RecordRejectedException) e).getReason()).isEqualTo(OutcomeReason.PROFILE_NOT_FOUND);
        assertThat(record.getProfilePKey()).isNull();
    }

    @Test
    void noneOrSeveralIsADeadLetterNotAGuess() throws Exception {
        assertThatThrownBy(() -> pick(record("ada@example.com"),
                json.readTree("{\"content\":[{\"PKey\":\"@x\",\"email\":\"adam@example.com\"}]}")))
                .isInstanceOf(RecordRejectedException.class).hasMessage("no profile with email 'ada@example.com' (emails are matched as written, case included)")
                .extracting(e -> ((RecordRejectedException) e).getReason()).isEqualTo(OutcomeReason.PROFILE_NOT_FOUND);
        assertThatThrownBy(() -> pick(record("s@example.com"),
                json.readTree("{\"content\":[{\"PKey\":\"@1\",\"email\":\"s@example.com\"},{\"PKey\":\"@2\",\"email\":\"s@example.com\"}]}")))
                .hasMessage("2 profiles have the email 's@example.com'; use their pkey instead")
                .extracting(e -> ((RecordRejectedException) e).getReason()).isEqualTo(OutcomeReason.AMBIGUOUS_PROFILE);
    }

    @Test
    void theAnswerTellsWhichUnitTheProfileIsInNow() throws Exception {
        SyncRecord there = record("ada@example.com");
        there.setResolvedOrgUnit(new dev.acssync.vocabulary.OrgUnit("@u1", "brand1", "Brand 1", "name"));
        pick(there, json.readTree("{\"content\":[{\"PKey\":\"@p\",\"email\":\"ada@example.com\","
                + "\"orgUnit\":{\"PKey\":\"@u1\",\"title\":\"Brand 1 (brand1)\"}}]}"));
        assertThat(there.getCurrentOrgUnitPKey()).isEqualTo("@u1");

        SyncRecord elsewhere = record("ada@example.com");
        elsewhere.setResolvedOrgUnit(new dev.acssync.vocabulary.OrgUnit("@u1", "brand1", "Brand 1", "name"));
        pick(elsewhere, json.readTree("{\"content\":[{\"PKey\":\"@p\",\"email\":\"ada@example.com\","
                + "\"orgUnit\":{\"PKey\":\"@u2\"}}]}"));
        assertThat(elsewhere.getCurrentOrgUnitPKey()).isEqualTo("@u2");

        SyncRecord noUnitShown = record("ada@example.com");
        noUnitShown.setResolvedOrgUnit(new dev.acssync.vocabulary.OrgUnit("@u1", "brand1", "Brand 1", "name"));
        pick(noUnitShown, json.readTree("{\"content\":[{\"PKey\":\"@p\",\"email\":\"ada@example.com\"}]}"));
        assertThat(noUnitShown.getCurrentOrgUnitPKey()).as("a profile shown without orgUnit is in no known unit").isNull();
    }

    @Test
    void aCustomKeyFindsTheSingleProfileWhoseAcsFieldEqualsIt() throws Exception {
        SyncRecord record = new SyncRecord("t.csv", 1, java.util.Map.of(), null, null, "CRM-7", "brand1", null);
        pickByKey(record, json.readTree("{\"content\":[{\"PKey\":\"@x\",\"cusCrmId\":\"CRM-70\"},{\"PKey\":\"@c\",\"crmId\":\"CRM-7\"},"
                + "{\"PKey\":\"@p\",\"cusCrmId\":\"CRM-7\",\"orgUnit\":{\"PKey\":\"@u\"}}]}"));
        assertThat(record.getProfilePKey()).isEqualTo("@p");
        assertThat(record.getCurrentOrgUnitPKey()).isEqualTo("@u");

        assertThatThrownBy(() -> pickByKey(record, json.readTree("{\"content\":[]}")))
                .hasMessage("no profile with cusCrmId 'CRM-7' (matched as written)");
        assertThatThrownBy(() -> pickByKey(record, json.readTree(
                "{\"content\":[{\"PKey\":\"@1\",\"cusCrmId\":\"CRM-7\"},{\"PKey\":\"@2\",\"cusCrmId\":\"CRM-7\"}]}")))
                .hasMessage("2 profiles have the cusCrmId 'CRM-7'; use their pkey instead")
                .extracting(e -> ((RecordRejectedException) e).getReason()).isEqualTo(OutcomeReason.AMBIGUOUS_PROFILE);
        assertThatThrownBy(() -> pickByKey(record, json.readTree("{\"content\":[{\"PKey\":\"@1\"}]}")))
                .hasMessageStartingWith("the custom filter answered profiles without the field 'cusCrmId'");
    }
}
