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
    void autoListsWhenTheCountAndThePagesCostAtMostATenthOfTheLookups() {
        LookupPlan nightly = LookupPlan.choose(AUTO, 200_000, 250_000, 1000);
        assertThat(nightly.snapshot()).isTrue();
        assertThat(nightly.expectedPages()).isEqualTo(250);
        assertThat(nightly.why()).isEqualTo("auto: listing the tenant's 250,000 profiles takes 250 pages of 1,000, with the "
                + "count at most a tenth of the 200,000 lookups a record would cost: a snapshot");

        // a tenth: a file whose every record changes still costs its lookups and PATCHes, plus the count and pages
        assertThat(LookupPlan.choose(AUTO, 300, 29_000, 1000).snapshot()).as("1 + 29 pages for 300 lookups").isTrue();
        assertThat(LookupPlan.choose(AUTO, 299, 29_000, 1000).snapshot()).isFalse();
        assertThat(LookupPlan.choose(AUTO, 100, 5_000_000, 1000).snapshot()).as("a small file, a big tenant").isFalse();
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
    void aListingPastItsCountIsGivenUpInEveryModeAndAutoAlsoPastItsBudget() {
        LookupPlan plan = LookupPlan.choose(AUTO, 200_000, 250_000, 1000);
        assertThat(plan.giveUpAfter(250)).isNull();
        assertThat(plan.giveUpAfter(275)).as("a tenth more than counted").isNull();
        assertThat(plan.giveUpAfter(276)).contains("ran past its count (250 pages expected, 276 read)");

        LookupPlan tight = LookupPlan.choose(AUTO, 300, 29_000, 1000);
        assertThat(tight.giveUpAfter(29)).isNull();
        assertThat(tight.giveUpAfter(30)).contains("more than a tenth of the 300 lookups it was to save");

        LookupPlan asSet = LookupPlan.choose(SNAPSHOT, 3, 29_000, 1000);
        assertThat(asSet.giveUpAfter(31)).as("snapshot, as set: no budget, but its count").isNull();
        assertThat(asSet.giveUpAfter(32)).contains("ran past its count");
    }

    @Test
    void aListingThatEndsWellShortOfItsCountIsNotTrusted() {
        LookupPlan plan = LookupPlan.choose(AUTO, 200_000, 250_000, 1000);
        assertThat(plan.cutShort(250_000)).isNull();
        assertThat(plan.cutShort(225_000)).as("profiles deleted meanwhile: a tenth less is fine").isNull();
        assertThat(plan.cutShort(1_000)).contains("ended after 1,000 of the 250,000 profiles counted");
    }

    @Test
    void aFileNamingNoKeyListsNothing() {
        FileKeys none = new FileKeys.Builder().build();
        assertThat(LookupPlan.choose(SNAPSHOT, none, 0, 100, 1000).snapshot()).isFalse();
    }
}
