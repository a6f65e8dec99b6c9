package dev.acssync.orgunit;

import dev.acssync.vocabulary.OrgUnit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.TestSettings;
import dev.acssync.metrics.SyncMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import dev.acssync.vocabulary.OutcomeReason;
import dev.acssync.vocabulary.RecordRejectedException;
import dev.acssync.record.TestRecords;
import dev.acssync.record.SyncRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The directory on its own: pages in, each way of matching out (the order they are tried in is the route's: UnitMatchOrderRouteTest). */
class OrgUnitLookupTest {
    private static final String FIRST_PAGE = "https://mc.adobe.io/t/campaign/profileAndServicesExt/orgUnitBase/";
    private final ObjectMapper json = new ObjectMapper();
    private final OrgUnitDirectory directory = new OrgUnitDirectory(TestSettings.acs(), new SyncMetrics(new SimpleMeterRegistry(), new DefaultCamelContext()));

    private JsonNode page(String units, String next) throws Exception {
        return json.readTree("{\"content\":[" + units + "]" + (next == null ? "" : ",\"next\":{\"href\":\"" + next + "\"}") + "}");
    }

    private static String unit(String pkey, String name) {
        return "{\"PKey\":\"" + pkey + "\",\"name\":\"" + name + "\",\"label\":\"" + name + "\"}";
    }

    private SyncRecord naming(String orgUnit) {
        return TestRecords.of("t.csv", 1, "a@example.com", null, orgUnit);
    }

    @Test
    void pagesAreFollowedAsGivenAndSwappedInWhole() throws Exception {
        OrgUnitDirectory.Listing listing = directory.newListing();
        String second = directory.addPage(listing, page(unit("@a", "brand1") + "," + unit("@b", "Spain"), "?_lineStart=@opaque"), FIRST_PAGE);
        assertThat(second).isEqualTo(FIRST_PAGE + "?_lineStart=@opaque");
        assertThat(directory.byName(naming("brand1"))).as("nothing visible before the listing is complete").isNull();

        assertThat(directory.addPage(listing, page(unit("@c", "spain"), null), second)).isNull();
        assertThat(directory.replace(listing)).isEqualTo(3);

        assertThat(directory.byName(naming("brand1")).pkey()).isEqualTo("@a");
        assertThat(directory.byPKey(naming("@b")).name()).isEqualTo("Spain");
        assertThat(directory.byName(naming("Spain")).pkey()).isEqualTo("@b");
        assertThat(directory.byName(naming("SPAIN"))).isNull();
        assertThat(directory.byNameIgnoringCase(naming("SPAIN"))).as("Spain or spain: ambiguous ignoring case, so no guess").isNull();
        assertThat(directory.byNameIgnoringCase(naming("BRAND1")).pkey()).as("unambiguous ignoring case").isEqualTo("@a");
    }

    @Test
    void aLabelAsAcsScreensShowItFindsItsUnitWhenOnlyOneUnitCarriesIt() throws Exception {
        OrgUnitDirectory.Listing listing = directory.newListing();
        directory.addPage(listing, page("{\"PKey\":\"@4\",\"name\":\"brand4\",\"label\":\"Brand 4\"},"
                + "{\"PKey\":\"@x\",\"name\":\"emea\",\"label\":\"Europe\"},{\"PKey\":\"@y\",\"name\":\"eu\",\"label\":\"Europe\"}", null), FIRST_PAGE);
        directory.replace(listing);

        assertThat(directory.byLabel(naming("Brand 4"))).extracting(OrgUnit::pkey, OrgUnit::matchedBy).containsExactly("@4", "label");
        assertThat(directory.byLabel(naming("brand 4"))).isNull();
        assertThat(directory.byLabelIgnoringCase(naming("brand 4"))).extracting(OrgUnit::pkey, OrgUnit::matchedBy)
                .containsExactly("@4", "label ignoring case");
        assertThat(directory.byName(naming("brand4")).matchedBy()).isEqualTo("name");
        assertThat(directory.byPKey(naming("@4")).matchedBy()).isEqualTo("PKey");
        assertThat(directory.byLabel(naming("Europe"))).as("two units labelled Europe: no guess").isNull();
        assertThat(directory.byLabelIgnoringCase(naming("europe"))).isNull();
    }

    @Test
    void aListingThatComesBackToAPageItReadIsRefused() throws Exception {
        OrgUnitDirectory.Listing listing = directory.newListing();
        String next = directory.addPage(listing, page(unit("@a", "a"), FIRST_PAGE), FIRST_PAGE);
        assertThatThrownBy(() -> directory.addPage(listing, page(unit("@a", "a"), FIRST_PAGE), next))
                .hasMessage("orgUnitBase pagination loops at " + FIRST_PAGE);
    }

    @Test
    void anUnknownUnitIsADeadLetterNamingWhatWasLookedFor() throws Exception {
        OrgUnitDirectory.Listing listing = directory.newListing();
        directory.addPage(listing, page(unit("@a", "brand1"), null), FIRST_PAGE);
        directory.replace(listing);

        assertThatThrownBy(() -> directory.unknownUnit(naming("brand9"))).isInstanceOf(RecordRejectedException.class)
                .hasMessageStartingWith("no org unit named 'brand9' among the 1 units listed by ACS at ")
                .extracting(e -> ((RecordRejectedException) e).getReason()).isEqualTo(OutcomeReason.UNKNOWN_ORG_UNIT);
        assertThatThrownBy(() -> directory.unknownUnit(naming("@zz"))).hasMessageStartingWith("no org unit with PKey '@zz'");
        assertThat(directory.isStale()).as("just loaded").isFalse();
    }
}
