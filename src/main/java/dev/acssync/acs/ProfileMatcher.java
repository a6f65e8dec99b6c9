package dev.acssync.acs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acssync.vocabulary.OutcomeReason;
import dev.acssync.vocabulary.RecordRejectedException;
import dev.acssync.record.SyncRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * Picks the profile a byEmail answer designates. The rule: the email as written, case included, as Adobe documents
 * its searches (byEmail's own rule is not documented, so the answer is checked here, never trusted). A profile whose
 * email differs only in case is not taken, but the dead letter names it; zero or several matches are a per-record
 * error, never a guess. The answer also shows the profile's unit now, which the record notes.
 */
@Component("profileMatcher")
public class ProfileMatcher {
    private final CustomProfileKey customKey;

    public ProfileMatcher(CustomProfileKey customKey) {
        this.customKey = customKey;
    }

    /**
     * The profile a custom filter's answer designates: exactly one whose field (its API name, acs.custom-key.field)
     * equals the record's key as written. A filter is the tenant's own definition, so
     * its answer is checked like byEmail's, never trusted.
     */
    public void pickSingleByCustomKey(@Variable("record") SyncRecord record, @Body JsonNode answer) {
        String field = customKey.field();
        List<JsonNode> matches = new ArrayList<>();
        boolean fieldShown = false;
        for (JsonNode profile : answer.path("content")) {
            fieldShown |= profile.has(field);
            if (record.getCustomKey().equals(profile.path(field).asText(null))) {
                matches.add(profile);
            }
        }
        if (matches.isEmpty() && !answer.path("content").isEmpty() && !fieldShown) {
            throw new RecordRejectedException(OutcomeReason.PROFILE_NOT_FOUND, "the custom filter answered profiles without "
                    + "the field '" + field + "', so none can be checked against '" + record.getCustomKey()
                    + "': expose the field on the extended profile resource (docs/real-tenant.md)");
        }
        if (matches.isEmpty()) {
            throw new RecordRejectedException(OutcomeReason.PROFILE_NOT_FOUND, "no profile with " + field + " '"
                    + record.getCustomKey() + "' (matched as written)");
        }
        if (matches.size() > 1) {
            throw new RecordRejectedException(OutcomeReason.AMBIGUOUS_PROFILE, matches.size() + " profiles have the "
                    + field + " '" + record.getCustomKey() + "'; use their pkey instead");
        }
        // a snapshot's answer for a profile in its unit already carries no PKey: none is needed
        record.setProfilePKey(matches.get(0).path("PKey").asText(null));
        currentUnit(record, matches.get(0));
    }

    public void pickSingle(@Variable("record") SyncRecord record, @Body JsonNode answer) {
        List<JsonNode> matches = new ArrayList<>();
        List<String> otherCase = new ArrayList<>();
        for (JsonNode profile : answer.path("content")) {
            String email = profile.path("email").asText();
            if (record.getEmail().equals(email)) {
                matches.add(profile);
            } else if (record.getEmail().equalsIgnoreCase(email)) {
                otherCase.add(email);
            }
        }
        if (matches.isEmpty() && !otherCase.isEmpty()) {
            throw new RecordRejectedException(OutcomeReason.PROFILE_NOT_FOUND, "no profile with email '" + record.getEmail()
                    + "' as written; ACS has it in another case: '" + String.join("', '", otherCase)
                    + "' (emails are matched case included: correct the source, or name the profile by pkey)");
        }
        if (matches.isEmpty()) {
            throw new RecordRejectedException(OutcomeReason.PROFILE_NOT_FOUND, "no profile with email '" + record.getEmail()
                    + "' (emails are matched as written, case included)");
        }
        if (matches.size() > 1) {
            throw new RecordRejectedException(OutcomeReason.AMBIGUOUS_PROFILE,
                    matches.size() + " profiles have the email '" + record.getEmail() + "'; use their pkey instead");
        }
        // a snapshot's answer for a profile in its unit already carries no PKey: none is needed
        record.setProfilePKey(matches.get(0).path("PKey").asText(null));
        currentUnit(record, matches.get(0));
    }

    /**
     * Notes the unit ACS's answer shows the profile in ({@code orgUnit.PKey}); the pipeline's step already-in-unit
     * compares it with the record's. A profile shown without {@code orgUnit} is in no known unit.
     */
    public void currentUnit(@Variable("record") SyncRecord record, @Body JsonNode profile) {
        String unit = profile.path("orgUnit").path("PKey").asText("");
        record.setCurrentOrgUnitPKey(unit.isEmpty() ? null : unit);
    }
}
