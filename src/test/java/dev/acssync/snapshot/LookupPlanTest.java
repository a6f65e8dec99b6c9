package dev.acssync.snapshot;

import org.junit.jupiter.api.Test;

import static dev.acssync.snapshot.LookupProperties.Mode.AUTO;
import static dev.acssync.snapshot.LookupProperties.Mode.PER_RECORD;
import static dev.acssync.snapshot.LookupProperties.Mode.SNAPSHOT;
import static org.assertj.core.api.Assertions.assertThat;

/** acs.lookup.mode's rule: auto takes the snapshot only when its pages are fewer than the lookups they save. */
class LookupPlanTest {

    @Test
    void autoCountsTheTenantOnlyWhenEnoughLookupsAreAtStake() {
        assertThat(LookupPlan.countFirst(AUTO, 19)).as("a count would cost more than 5 % of the run").isFalse();
        assertThat(LookupPlan.countFirst(AUTO, 20)).isTrue();
        assertThat(LookupPlan.countFirst(SNAPSHOT, 1_000)).as("snapshot, as set: the route counts for 'page k of n'").isFalse();
        assertThat(LookupPlan.countFirst(PER_RECORD, 1_000_000)).isFalse();
    }

    @Test
    void autoListsWhenThePagesAreFewerThanTheLookups() {
        LookupPlan nightly = LookupPlan.choose(AUTO, 200_000, 250_000, 1000);
        assertThat(nightly.snapshot()).isTrue();
        assertThat(nightly.expectedPages()).isEqualTo(250);
        assertThat(nightly.why()).isEqualTo("auto: listing the tenant's 250,000 profiles takes 250 pages of 1,000, fewer than "
                + "the 200,000 lookups a record would cost: a snapshot");

        LookupPlan smallFileBigTenant = LookupPlan.choose(AUTO, 100, 5_000_000, 1000);
        assertThat(smallFileBigTenant.snapshot()).isFalse();
        assertThat(LookupPlan.choose(AUTO, 250, 250_000, 1000).snapshot()).as("as many pages as lookups: no gain").isFalse();
        assertThat(LookupPlan.choose(AUTO, 5, -1, 1000).snapshot()).as("not counted").isFalse();
        assertThat(LookupPlan.choose(AUTO, 30, 0, 1000).expectedPages()).as("an empty tenant is one page").isEqualTo(1);
    }

    @Test
    void aFileBiggerThanASnapshotHoldsInThisHeapIsLookedUpPerRecord() {
        FileKeys.Builder keys = new FileKeys.Builder(3);
        for (int i = 0; i < 4; i++) {
            keys.add(new dev.acssync.record.SyncRecord("big.csv", i, java.util.Map.of(), "u" + i + "@x.example", null, "b", null));
        }
        FileKeys tooMany = keys.build();
        assertThat(tooMany.tooManyForASnapshot()).isTrue();
        assertThat(tooMany.lookupsPerRecordPath(false, false)).as("all counted, not all kept").isEqualTo(4);
        LookupPlan plan = LookupPlan.choose(SNAPSHOT, tooMany, 4, 100, 1000);
        assertThat(plan.snapshot()).isFalse();
        assertThat(plan.why()).contains("its snapshot would not fit this heap");
    }

    @Test
    void theSetModesAreObeyed() {
        assertThat(LookupPlan.choose(SNAPSHOT, 1, 5_000_000, 1000).snapshot()).isTrue();
        assertThat(LookupPlan.choose(PER_RECORD, 1_000_000, -1, 1000).snapshot()).isFalse();
    }

    @Test
    void autoGivesUpAListingThatRunsPastItsCountOrCostsWhatItSaves() {
        LookupPlan plan = LookupPlan.choose(AUTO, 200_000, 250_000, 1000);
        assertThat(plan.giveUpAfter(250)).isNull();
        assertThat(plan.giveUpAfter(275)).as("a tenth more than counted").isNull();
        assertThat(plan.giveUpAfter(276)).contains("ran past its count (250 pages expected, 276 read)");
        LookupPlan close = LookupPlan.choose(AUTO, 30, 29_000, 1000);
        assertThat(close.snapshot()).isTrue();
        assertThat(close.giveUpAfter(30)).contains("as many calls as the lookups it would save");
        assertThat(LookupPlan.choose(SNAPSHOT, 30, 29_000, 1000).giveUpAfter(10_000)).as("snapshot, as set").isNull();
    }
}
