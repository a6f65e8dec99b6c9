package dev.acssync.record;

import dev.acssync.TestSettings;
import dev.acssync.vocabulary.OutcomeReason;
import dev.acssync.vocabulary.RecordRejectedException;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What makes a record usable before any ACS call is spent on it. */
class RecordRulesTest {
    private final RecordFieldNames names = new RecordFieldNames(TestSettings.recordFields());
    private final RecordValidator validator = new RecordValidator(names);

    private SyncRecord record(String email, String pkey, String unit) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("Email", email);
        fields.put("PKEY", pkey);
        fields.put("orgunit", unit);
        return names.toRecord("test.csv", 1, fields, null);
    }

    @Test
    void fieldNamesMatchIgnoringCase() {
        SyncRecord record = record("alice@example.com", "@abc-_9", "brand1");
        validator.check(record);
        assertThat(record.getEmail()).isEqualTo("alice@example.com");
        assertThat(record.getPkey()).isEqualTo("@abc-_9");
        assertThat(record.getOrgUnit()).isEqualTo("brand1");
    }

    @Test
    void aPkeyThatCouldChangeTheRequestPathIsInvalid() {
        for (String pkey : new String[] {"@abc/../x", "@abc?x=1", "@abc#f", "@a b", "../profile", "@" + "a".repeat(300)}) {
            assertThatThrownBy(() -> validator.check(record(null, pkey, "brand1"))).as(pkey)
                    .isInstanceOf(RecordRejectedException.class).hasMessageContaining("is not an ACS PKey")
                    .extracting(e -> ((RecordRejectedException) e).getReason()).isEqualTo(OutcomeReason.INVALID_RECORD);
        }
    }

    @Test
    void emailsUnitsAndMissingFieldsAreChecked() {
        assertThatThrownBy(() -> validator.check(record("not-an-email", null, "brand1"))).hasMessageContaining("not an email");
        assertThatThrownBy(() -> validator.check(record("x".repeat(250) + "@e.com", null, "brand1"))).hasMessageContaining("not an email");
        assertThatThrownBy(() -> validator.check(record("a@example.com", null, " "))).hasMessageContaining("'orgUnit' is empty");
        assertThatThrownBy(() -> validator.check(record("a@example.com", null, "@not/a/pkey"))).hasMessageContaining("looks like a PKey");
        assertThatThrownBy(() -> validator.check(record(null, null, "brand1"))).hasMessageContaining("neither 'email' nor 'pkey'");
        assertThatThrownBy(() -> validator.check(SyncRecord.unparseable("t.jsonl", 3, "{", "not valid JSON: x")))
                .hasMessageContaining("not valid JSON");
    }
}
