package dev.acssync.preflight;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.TestSettings;
import dev.acssync.acs.AcsCredentialsException;
import dev.acssync.acs.AcsMisconfiguredException;
import dev.acssync.acs.AcsServerErrorException;
import dev.acssync.acs.AcsUnreachableException;
import dev.acssync.outcome.RunReport;
import dev.acssync.outcome.SetupStoppedRun;
import dev.acssync.vocabulary.OutcomeReason;
import dev.acssync.vocabulary.RecordRejectedException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The preflight's rules: what passes, the sentence each failure gives, and when the gates hear of it. */
class PreflightTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Preflight preflight = new Preflight(TestSettings.customKey());
    private final List<Boolean> heard = new ArrayList<>();

    PreflightTest() {
        preflight.addListener(heard::add);
    }

    @Test
    void untilAPreflightHasRunNothingIsTakenAndHealthSaysSo() {
        assertThat(preflight.isPassed()).isFalse();
        assertThat(preflight.isDue()).isTrue();
        assertThat(preflight.problem()).isEqualTo("not run yet");
        assertThat(preflight.checkedAt()).isNull();
    }

    @Test
    void theProfileResourceMustListOrgUnit() throws Exception {
        preflight.requireFields(JSON.readTree("{\"content\":{\"email\":{},\"orgUnit\":{\"type\":\"link\"}}}"));
        assertThatThrownBy(() -> preflight.requireFields(JSON.readTree("{\"content\":{\"email\":{}}}")))
                .isInstanceOf(PreflightFailedException.class)
                .hasMessageStartingWith("the profile resource has no orgUnit field: in Campaign, extend the profile resource");

        Preflight withCustomKey = new Preflight(TestSettings.customKey("crmId", "cusCrmId"));
        withCustomKey.requireFields(JSON.readTree("{\"content\":{\"orgUnit\":{},\"cusCrmId\":{}}}"));
        assertThatThrownBy(() -> withCustomKey.requireFields(JSON.readTree("{\"content\":{\"orgUnit\":{}}}")))
                .hasMessage("the profile resource has no field 'cusCrmId' (acs.custom-key.field); the field must be on the "
                        + "extended profile resource, with its custom filter, and published (docs/real-tenant.md)");
    }

    @Test
    void aMissingCustomKeyFieldIsNamedWithTheFieldsThatLookLikeIt() throws Exception {
        // the CRM's name for the field where ACS has its API name, with the cus prefix
        Preflight columnName = new Preflight(TestSettings.customKey("crmId", "crmId"));
        assertThatThrownBy(() -> columnName.requireFields(JSON.readTree(
                "{\"content\":{\"PKey\":{},\"email\":{},\"orgUnit\":{},\"cusCrmId\":{},\"cusBrand\":{}}}")))
                .hasMessage("the profile resource has no field 'crmId' (acs.custom-key.field); it has cusCrmId: set "
                        + "acs.custom-key.field to the one that holds the key (custom fields start with 'cus'); the field must be "
                        + "on the extended profile resource, with its custom filter, and published (docs/real-tenant.md)");
        // a case or spelling apart, as Adobe's own demo code spells it
        Preflight spelt = new Preflight(TestSettings.customKey("crmId", "cusCrmId"));
        assertThatThrownBy(() -> spelt.requireFields(JSON.readTree(
                "{\"content\":{\"orgUnit\":{},\"cusCrmid\":{},\"cus_crm_id\":{},\"cusCrmRegion\":{},\"email\":{}}}")))
                .hasMessageContaining("it has cusCrmid, cus_crm_id: set acs.custom-key.field");
        // only a custom field's prefix is set aside: "customerId" is not "cus" + "tomerId"
        assertThat(LookAlikeFields.looksLike("customerId", "cusCustomerId")).isTrue();
        assertThat(LookAlikeFields.looksLike("cusTomerId", "customerId")).isFalse();
    }

    @Test
    void aRunWhoseRecordsSayTheSetupIsWrongClosesTheSourcesUntilAnOperatorRunsThePreflight() {
        preflight.passed(35);
        RunReport run = SetupStoppedRun.of("crm.csv");

        preflight.setupWrong(run);

        assertThat(heard).containsExactly(true, false);
        assertThat(preflight.isPassed()).isFalse();
        assertThat(preflight.isDue()).as("its checks would pass again: the operator decides").isFalse();
        assertThat(preflight.problem()).startsWith("records of crm.csv: stopped early after 100 records: ACS failed every one")
                .contains("run the preflight again: Hawtio > JMX > dev.acssync > preflight > run()");
        preflight.passed(35);
        assertThat(heard).containsExactly(true, false, true);
    }

    @Test
    void eachFailureSaysWhatToFix() {
        assertThat(Preflight.whatToFix(new AcsMisconfiguredException("GET profile answered HTTP 502: Oops. (Adobe's gateway "
                + "answers so when the tenant is not set up for the API: check acs.base-url and acs.organization, then the "
                + "tenant's API access; see docs/real-tenant.md)", 502)))
                .startsWith("ACS's gateway says the tenant is not set up for the API: GET profile answered HTTP 502")
                .contains("docs/real-tenant.md");
        assertThat(Preflight.whatToFix(new AcsCredentialsException("POST token answered 401", 401)))
                .startsWith("ACS refused the credentials; check acs.client-id, ACS_CLIENT_SECRET and acs.ims.scope");
        assertThat(Preflight.whatToFix(new AcsServerErrorException("GET orgUnitBase answered HTTP 500: Oops.", 500, 1)))
                .startsWith("ACS refused the call; check acs.organization").endsWith("(GET orgUnitBase answered HTTP 500: Oops.)");
        // a wrong organization: 400 on a cold start, a 500 Oops once warm
        assertThat(Preflight.whatToFix(new RecordRejectedException(OutcomeReason.REJECTED_BY_ACS,
                "GET profile answered HTTP 400: Bad Request", 400))).startsWith("ACS refused the call; check acs.organization");
        assertThat(Preflight.whatToFix(new AcsServerErrorException("GET profile/byCrmid answered HTTP 500: Oops. Something "
                + "went wrong. Check your URI and try again.", 500, 1)))
                .startsWith("ACS does not know the custom filter; check acs.custom-key.filter");
        assertThat(Preflight.whatToFix(new AcsUnreachableException("GET orgUnitBase got no answer")))
                .startsWith("ACS could not be used now; check the network").contains("runs again on its own");
    }

    @Test
    void theGatesHearOnlyOfChanges() {
        preflight.failed("profile resource", new PreflightFailedException("no orgUnit"));
        preflight.passed(35);
        preflight.passed(35);
        preflight.failed("token, organization and profile resource", new AcsUnreachableException("no answer"));

        assertThat(heard).containsExactly(true, false);
        assertThat(preflight.isDue()).as("a failed preflight runs again on its schedule").isTrue();
        assertThat(preflight.problem()).startsWith("token, organization and profile resource: ACS could not be used now");
    }
}
