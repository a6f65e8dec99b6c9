package dev.acssync.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.TestSettings;
import dev.acssync.record.SyncRecord;
import dev.acssync.vocabulary.OrgUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the pipeline's step ask-the-snapshot gets: the lookup's answer, shaped for the same rule steps, only for a
 * profile in the record's unit already (or named by PKey); otherwise nothing, and the record is looked up.
 */
class ProfileSnapshotsTest {
    private final ProfileSnapshots snapshots = new ProfileSnapshots(null, new LookupProperties(null, 1000), TestSettings.acs(),
            TestSettings.customKey("crmId", "cusCrmId"));

    private static SyncRecord record(String email, String pkey, String customKey, String unitPKey) {
        SyncRecord record = new SyncRecord("t.csv", 1, Map.of(), email, pkey, customKey, "unit", null);
        record.setResolvedOrgUnit(new OrgUnit(unitPKey, "unit", "Unit", "name"));
        return record;
    }

    private ProfileSnapshot snapshot(SyncRecord... records) throws Exception {
        FileKeys.Builder keys = new FileKeys.Builder();
        for (SyncRecord r : records) {
            keys.add(r);
        }
        ProfileSnapshot snapshot = new ProfileSnapshot(keys.build(), "cusCrmId");
        snapshot.addPage(new ObjectMapper().readTree("""
                {"content":[{"PKey":"@p1","email":"ann@x.example","cusCrmId":"CRM-1","orgUnit":{"PKey":"@u1"}},
                            {"PKey":"@p2","email":"bob@x.example","cusCrmId":"CRM-2","orgUnit":{"PKey":"@u2"}}]}
                """));
        snapshot.complete();
        return snapshot;
    }

    @Test
    void aProfileInTheRecordsUnitAlreadyIsAnsweredAsItsLookupWouldBe() throws Exception {
        SyncRecord ann = record("ann@x.example", null, null, "@u1");
        SyncRecord crm = record(null, null, "CRM-1", "@u1");
        ProfileSnapshot snapshot = snapshot(ann, crm);
        assertThat(snapshots.answer(snapshot, ann).toString())
                .isEqualTo("{\"content\":[{\"email\":\"ann@x.example\",\"orgUnit\":{\"PKey\":\"@u1\"}}]}");
        assertThat(snapshots.answer(snapshot, crm).toString())
                .isEqualTo("{\"content\":[{\"cusCrmId\":\"CRM-1\",\"orgUnit\":{\"PKey\":\"@u1\"}}]}");
    }

    @Test
    void aProfileElsewhereIsLookedUpBeforeItsPatchButOneNamedByPKeyIsNot() throws Exception {
        SyncRecord bob = record("bob@x.example", null, null, "@u1");
        SyncRecord byPKey = record(null, "@p2", null, "@u1");
        ProfileSnapshot snapshot = snapshot(bob, byPKey);
        assertThat(snapshots.answer(snapshot, bob)).as("its PKey is not kept: looked up").isNull();
        assertThat(snapshots.answer(snapshot, byPKey).toString()).isEqualTo("{\"PKey\":\"@p2\",\"orgUnit\":{\"PKey\":\"@u2\"}}");
    }

    @Test
    void withoutASnapshotEveryRecordIsLookedUp() {
        assertThat(snapshots.answer(null, record("ann@x.example", null, null, "@u1"))).isNull();
    }

    @Test
    void aKeyDeclaredAsTheProfilesIdIsAnsweredWhereverItsProfileIsSoThePatchNeedsNoLookup() throws Exception {
        ProfileSnapshots asId = new ProfileSnapshots(null, new LookupProperties(null, 1000), TestSettings.acs(),
                TestSettings.customKeyAsId());
        SyncRecord elsewhere = record(null, null, "CRM-2", "@u1");
        assertThat(asId.answer(snapshot(elsewhere), elsewhere).toString())
                .isEqualTo("{\"content\":[{\"cusCrmId\":\"CRM-2\",\"orgUnit\":{\"PKey\":\"@u2\"}}]}");
        assertThat(snapshots.answer(snapshot(elsewhere), elsewhere)).as("through the filter: looked up for its PKey").isNull();
    }
}
