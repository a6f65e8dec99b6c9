package dev.acssync.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.record.SyncRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The snapshot keeps only what the file names, answers as the lookup it saves would, and never takes a hash for a key. */
class ProfileSnapshotTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SyncRecord email(String email) {
        return new SyncRecord("t.csv", 1, Map.of(), email, null, "brand1", null);
    }

    private static SyncRecord pkey(String pkey) {
        return new SyncRecord("t.csv", 1, Map.of(), null, pkey, "brand1", null);
    }

    private static SyncRecord custom(String key) {
        return new SyncRecord("t.csv", 1, Map.of(), null, null, key, "brand1", null);
    }

    private static FileKeys keys(SyncRecord... records) {
        FileKeys.Builder keys = new FileKeys.Builder();
        for (SyncRecord r : records) {
            keys.add(r);
        }
        return keys.build();
    }

    private static JsonNode page(String profiles) throws Exception {
        return JSON.readTree("{\"content\":[" + profiles + "]}");
    }

    @Test
    void onlyTheProfilesTheFileNamesAreKeptWithTheirUnit() throws Exception {
        ProfileSnapshot snapshot = new ProfileSnapshot(keys(email("ann@x.example"), pkey("@p2"), custom("CRM-3")), "cusCrmId");
        snapshot.addPage(page("""
                {"PKey":"@p1","email":"ann@x.example","cusCrmId":"CRM-1","orgUnit":{"PKey":"@u1"}},
                {"PKey":"@p2","email":"bob@x.example","cusCrmId":"CRM-2","orgUnit":{"PKey":"@u2"}},
                {"PKey":"@p3","email":"cid@x.example","cusCrmId":"CRM-3"},
                {"PKey":"@p4","email":"dan@x.example","cusCrmId":"CRM-4","orgUnit":{"PKey":"@u1"}}
                """));
        snapshot.complete();

        assertThat(snapshot.profilesListed()).isEqualTo(4);
        assertThat(snapshot.profilesKept()).as("ann by email, @p2 by PKey, CRM-3 by custom key").isEqualTo(3);
        assertThat(snapshot.unitByEmail("ann@x.example")).isEqualTo("@u1");
        assertThat(snapshot.unitByPKey("@p2")).isEqualTo("@u2");
        assertThat(snapshot.unitByCustomKey("CRM-3")).as("in no unit").isEqualTo(ProfileSnapshot.NO_UNIT_PKEY);
        assertThat(snapshot.unitByEmail("dan@x.example")).as("listed, but not named by the file: not kept").isNull();
        assertThat(snapshot.unitByPKey("@p1")).as("named by email, not by PKey").isNull();
        assertThat(snapshot.unitByCustomKey("CRM-1")).isNull();
    }

    @Test
    void anEmailIsKnownOnlyAsWrittenAndOnlyWhenOneProfileHasIt() throws Exception {
        ProfileSnapshot snapshot = new ProfileSnapshot(keys(email("Ann@X.example"), email("shared@x.example"), email("eve@x.example")), null);
        snapshot.addPage(page("""
                {"PKey":"@p1","email":"ann@x.example","orgUnit":{"PKey":"@u1"}},
                {"PKey":"@p2","email":"shared@x.example","orgUnit":{"PKey":"@u1"}},
                {"PKey":"@p3","email":"shared@x.example","orgUnit":{"PKey":"@u2"}},
                {"PKey":"@p4","email":"eve@x.example","orgUnit":{"PKey":"@u3"}},
                {"PKey":"@p5","email":"EVE@x.example","orgUnit":{"PKey":"@u4"}}
                """));
        snapshot.complete();

        assertThat(snapshot.unitByEmail("Ann@X.example")).as("another case: the lookup and its rule decide").isNull();
        assertThat(snapshot.unitByEmail("ann@x.example")).isEqualTo("@u1");
        assertThat(snapshot.unitByEmail("shared@x.example")).as("two profiles: the lookup and its rule decide").isNull();
        assertThat(snapshot.unitByEmail("eve@x.example")).as("one as written, one in another case: as byEmail's rule").isEqualTo("@u3");
    }

    @Test
    void aHashCollisionIsNeverTakenForAMatch() throws Exception {
        ProfileSnapshot snapshot = new ProfileSnapshot(keys(email("ann@x.example")), null);
        snapshot.addPage(page("{\"PKey\":\"@p1\",\"email\":\"ann@x.example\",\"orgUnit\":{\"PKey\":\"@u1\"}}"));
        snapshot.complete();

        // another email that hashes like ann's: the full key says no, and the record is looked up
        assertThat(snapshot.unitByEmail("eve@x.example", KeyHash.email("ann@x.example"))).isNull();
        assertThat(snapshot.unitByEmail("ann@x.example", KeyHash.email("ann@x.example"))).isEqualTo("@u1");
    }

    @Test
    void aSnapshotAnswersNothingBeforeItsListingIsComplete() throws Exception {
        ProfileSnapshot snapshot = new ProfileSnapshot(keys(email("ann@x.example")), null);
        snapshot.addPage(page("{\"PKey\":\"@p1\",\"email\":\"ann@x.example\"}"));
        assertThat(snapshot.unitByEmail("ann@x.example")).isNull();
    }

    @Test
    void manyKeysAndTwiceAsManyListedProfilesAreKeptAndFoundExactly() throws Exception {
        // the memory of a million keys against five million profiles is the benchmark's (bench/run.sh --nightly-million)
        int n = 20_000;
        FileKeys.Builder builder = new FileKeys.Builder();
        for (int i = 0; i < n; i++) {
            builder.add(email("user" + i + "@synthetic.example"));
        }
        FileKeys keys = builder.build();
        assertThat(keys.size()).isEqualTo(n);
        ProfileSnapshot snapshot = new ProfileSnapshot(keys, null);
        StringBuilder page = new StringBuilder();
        for (int i = 0; i < 2 * n; i += 1000) {
            page.setLength(0);
            for (int j = i; j < i + 1000; j++) {
                page.append(j == i ? "" : ",").append("{\"PKey\":\"@p").append(j).append("\",\"email\":\"user").append(j)
                        .append("@synthetic.example\",\"orgUnit\":{\"PKey\":\"@u").append(j % 200).append("\"}}");
            }
            snapshot.addPage(page(page.toString()));
        }
        snapshot.complete();
        assertThat(snapshot.profilesListed()).isEqualTo(2L * n);
        assertThat(snapshot.profilesKept()).isEqualTo(n);
        for (int i = 0; i < n; i += 997) {
            assertThat(snapshot.unitByEmail("user" + i + "@synthetic.example")).isEqualTo("@u" + (i % 200));
        }
        assertThat(snapshot.unitByEmail("user" + (n + 1) + "@synthetic.example")).isNull();
    }
}
