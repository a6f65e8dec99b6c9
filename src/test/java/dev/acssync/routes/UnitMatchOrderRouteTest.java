package dev.acssync.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.orgunit.OrgUnitDirectory;
import dev.acssync.record.TestRecords;
import dev.acssync.vocabulary.OrgUnit;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The unit match order as the route match-org-unit states it: PKey for '@...', else name, name ignoring case, label, label ignoring case. */
class UnitMatchOrderRouteTest extends PipelineRouteTestSupport {

    private OrgUnit match(String value) {
        Exchange exchange = new DefaultExchange(context());
        exchange.setVariable("record", TestRecords.of("t.csv", 1, "a@example.com", null, value));
        return template.send("direct:match-org-unit", exchange).getMessage().getBody(OrgUnit.class);
    }

    @Test
    void theFirstWayThatKnowsTheValueWins() throws Exception {
        OrgUnitDirectory directory = context().getRegistry().lookupByNameAndType("orgUnitDirectory", OrgUnitDirectory.class);
        OrgUnitDirectory.Listing listing = directory.newListing();
        directory.addPage(listing, new ObjectMapper().readTree("{\"content\":["
                + "{\"PKey\":\"@n1\",\"name\":\"Paris\",\"label\":\"Lyon\"},"
                + "{\"PKey\":\"@n2\",\"name\":\"lyon\",\"label\":\"Nice\"},"
                + "{\"PKey\":\"@n3\",\"name\":\"nice3\",\"label\":\"Paris\"}]}"), "http://acs.test/orgUnitBase/");
        directory.replace(listing);

        assertThat(match("Paris")).as("a name before a label").extracting(OrgUnit::pkey, OrgUnit::matchedBy).containsExactly("@n1", "name");
        assertThat(match("Lyon")).as("a name ignoring case before a label as written")
                .extracting(OrgUnit::pkey, OrgUnit::matchedBy).containsExactly("@n2", "name ignoring case");
        assertThat(match("Nice")).extracting(OrgUnit::pkey, OrgUnit::matchedBy).containsExactly("@n2", "label");
        assertThat(match("NICE")).extracting(OrgUnit::pkey, OrgUnit::matchedBy).containsExactly("@n2", "label ignoring case");
        assertThat(match("@n3")).extracting(OrgUnit::pkey, OrgUnit::matchedBy).containsExactly("@n3", "PKey");
        assertThat(match("@nice3")).as("a value starting with '@' is a PKey, never a name").isNull();
        assertThat(match("Rome")).isNull();
    }
}
