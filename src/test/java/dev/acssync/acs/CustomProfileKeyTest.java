package dev.acssync.acs;

import dev.acssync.vocabulary.ConfigurationMistakeException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The custom key's three names are three settings: a column without the ACS names is a mistake found at start. */
class CustomProfileKeyTest {

    @Test
    void noColumnMeansNoCustomKeyWhateverTheAcsSettingsSay() {
        CustomProfileKey unused = new CustomProfileKey(" ", new AcsProperties.CustomKey("cusCrmId", "byCrmId", "crmId_parameter", false));
        assertThat(unused.isUsed()).isFalse();
        assertThat(unused.lookupPath()).isNull();
    }

    @Test
    void theColumnTheFieldAndTheFilterAreEachNamedAsTheirOwnerSpellsThem() {
        CustomProfileKey key = new CustomProfileKey("crmId", new AcsProperties.CustomKey("cusCrmId", "byCrmId", "crmId_parameter", false));
        assertThat(key.column()).isEqualTo("crmId");
        assertThat(key.field()).isEqualTo("cusCrmId");
        assertThat(key.lookupPath()).isEqualTo("byCrmId?crmId_parameter=");
    }

    @Test
    void aColumnWithoutTheAcsFieldsNameIsAMistakeSayingWhatToSet() {
        assertThatThrownBy(() -> new CustomProfileKey("crmId", new AcsProperties.CustomKey("", "byCrmId", "crmId_parameter", false)))
                .isInstanceOf(ConfigurationMistakeException.class)
                .hasMessageContaining("sync.record.custom-key-field is 'crmId' but acs.custom-key.field is ''")
                .satisfies(e -> assertThat(((ConfigurationMistakeException) e).action())
                        .contains("a custom field starts with 'cus', e.g. cusCrmId"));
        assertThatThrownBy(() -> new CustomProfileKey("crmId", new AcsProperties.CustomKey("cusCrmId", "crmId", "crmId_parameter", false)))
                .hasMessageContaining("acs.custom-key.filter is 'crmId'");
        assertThatThrownBy(() -> new CustomProfileKey("crmId", new AcsProperties.CustomKey("cusCrmId", "byCrmId", "crm id", false)))
                .hasMessageContaining("acs.custom-key.parameter is 'crm id'");
    }

    @Test
    void aKeyDeclaredAsTheProfilesIdNeedsNoFilter() {
        CustomProfileKey key = new CustomProfileKey("crmId", new AcsProperties.CustomKey("cusCrmId", "", "", true));
        assertThat(key.asId()).isTrue();
        assertThat(key.lookupPath()).as("no filter is called").isNull();
        assertThat(new AcsRequests(dev.acssync.TestSettings.acs(), key).customFilterCheckUri()).as("nor checked").isNull();
        assertThatThrownBy(() -> new CustomProfileKey("crmId", new AcsProperties.CustomKey("", "", "", true)))
                .as("the field is still needed: the preflight and the snapshot read it")
                .hasMessageContaining("acs.custom-key.field is ''");
    }
}
