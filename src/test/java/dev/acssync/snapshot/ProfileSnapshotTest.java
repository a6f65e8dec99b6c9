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
    void onlyTheProfilesTheFileNamesAreKeptAndEachIsAnsweredAsItsLookupWould() throws Exception {
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
        assertThat(snapshot.byEmail("ann@x.example").toString())
                .isEqualTo("{\"content\":[{\"PKey\":\"@p1\",\"orgUnit\":{\"PKey\":\"@u1\"},\"email\":\"ann@x.example\"}]}");
        assertThat(snapshot.byPKey("@p2").toString()).isEqualTo("{\"PKey\":\"@p2\",\"orgUnit\":{\"PKey\":\"@u2\"}}");
        assertThat(snapshot.byCustomKey("CRM-3").toString()).as("a profile in no unit has no orgUnit")
                .isEqualTo("{\"content\":[{\"PKey\":\"@p3\",\"cusCrmId\":\"CRM-3\"}]}");
        assertThat(snapshot.byEmail("dan@x.example")).as("listed, but not named by the file: not kept").isNull();
        assertThat(snapshot.byPKey("@p1")).as("named by email, not by PKey").isNull();
    }

    @Test
    void anEmailFindsEveryProfileWithItInAnyCaseForTheSameRuleAsByEmail() throws Exception {
        ProfileSnapshot snapshot = new ProfileSnapshot(keys(email("Ann@X.example"), email("shared@x.example")), null);
        snapshot.addPage(page("""
                {"PKey":"@p1","email":"ann@x.example","orgUnit":{"PKey":"@u1"}},
                {"PKey":"@p2","email":"shared@x.example","orgUnit":{"PKey":"@u1"}},
                {"PKey":"@p3","email":"shared@x.example","orgUnit":{"PKey":"@u2"}}
                """));
        snapshot.complete();

        assertThat(snapshot.byEmail("Ann@X.example").path("content")).hasSize(1);
        assertThat(snapshot.byEmail("Ann@X.example").path("content").get(0).path("email").asText())
                .as("the profile's own case, for the rule to compare").isEqualTo("ann@x.example");
        assertThat(snapshot.byEmail("shared@x.example").path("content")).as("duplicates stay duplicates").hasSize(2);
    }

    @Test
    void aHashCollisionIsNeverTakenForAMatch() throws Exception {
        ProfileSnapshot snapshot = new ProfileSnapshot(keys(email("ann@x.example")), null);
        snapshot.addPage(page("{\"PKey\":\"@p1\",\"email\":\"ann@x.example\",\"orgUnit\":{\"PKey\":\"@u1\"}}"));
        snapshot.complete();

        // another email that hashes like ann's: the full key says no, and the record is looked up
        assertThat(snapshot.byEmail("eve@x.example", KeyHash.email("ann@x.example"))).isNull();
        assertThat(snapshot.byEmail("ann@x.example", KeyHash.email("ann@x.example"))).isNotNull();
    }

    @Test
    void aSnapshotAnswersNothingBeforeItsListingIsComplete() throws Exception {
        ProfileSnapshot snapshot = new ProfileSnapshot(keys(email("ann@x.example")), null);
        snapshot.addPage(page("{\"PKey\":\"@p1\",\"email\":\"ann@x.example\"}"));
        assertThat(snapshot.byEmail("ann@x.example")).isNull();
    }

    @Test
    void aMillionKeysAndTheirProfilesFitInAFewTensOfMegabytes() throws Exception {
        FileKeys.Builder builder = new FileKeys.Builder();
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            builder.add(email(String.format("user%07d@synthetic.example", i)));
        }
        FileKeys keys = builder.build();
        assertThat(keys.size()).isEqualTo(n);
        ProfileSnapshot snapshot = new ProfileSnapshot(keys, null);
        StringBuilder page = new StringBuilder();
        for (int i = 0; i < 2 * n; i += 1000) {
            page.setLength(0);
            for (int j = i; j < i + 1000; j++) {
                page.append(j == i ? "" : ",").append("{\"PKey\":\"@").append("UHJvZmlsZS91c2VyMDAwMDAwMUBzeW50aGV0aWMuZXhhbXBsZQ")
                        .append(j).append("\",\"email\":\"").append(String.format("user%07d@synthetic.example", j))
                        .append("\",\"orgUnit\":{\"PKey\":\"@u").append(j % 200).append("\"}}");
            }
            snapshot.addPage(page(page.toString()));
        }
        snapshot.complete();
        assertThat(snapshot.profilesListed()).isEqualTo(2L * n);
        assertThat(snapshot.profilesKept()).isEqualTo(n);
        assertThat(snapshot.byEmail("user0999999@synthetic.example").path("content").get(0).path("orgUnit").path("PKey").asText())
                .isEqualTo("@u" + (999_999 % 200));
        assertThat(snapshot.byEmail("user1500000@synthetic.example")).isNull();
    }
}
