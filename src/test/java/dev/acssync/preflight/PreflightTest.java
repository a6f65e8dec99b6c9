package dev.acssync.preflight;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acssync.TestSettings;
import dev.acssync.acs.AcsCredentialsException;
import dev.acssync.acs.AcsServerErrorException;
import dev.acssync.acs.AcsUnreachableException;
import dev.acssync.record.RecordFieldNames;
import dev.acssync.record.RecordProperties;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The preflight's rules: what passes, the sentence each failure gives, and when the gates hear of it. */
class PreflightTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Preflight preflight = new Preflight(new RecordFieldNames(TestSettings.recordFields()));
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

        Preflight withCustomKey = new Preflight(new RecordFieldNames(new RecordProperties("email", "pkey", "orgUnit", "crmId")));
        withCustomKey.requireFields(JSON.readTree("{\"content\":{\"orgUnit\":{},\"crmId\":{}}}"));
        assertThatThrownBy(() -> withCustomKey.requireFields(JSON.readTree("{\"content\":{\"orgUnit\":{}}}")))
                .hasMessageStartingWith("the profile resource has no field 'crmId' (sync.record.custom-key-field)");
    }

    @Test
    void eachFailureSaysWhatToFix() {
        assertThat(Preflight.whatToFix(new AcsCredentialsException("POST token answered 401", 401)))
                .startsWith("ACS refused the credentials; check acs.client-id, ACS_CLIENT_SECRET and acs.ims.scope");
        assertThat(Preflight.whatToFix(new AcsServerErrorException("GET orgUnitBase answered HTTP 500: Oops.", 500, 1)))
                .startsWith("ACS refused the call; check acs.organization").endsWith("(GET orgUnitBase answered HTTP 500: Oops.)");
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
