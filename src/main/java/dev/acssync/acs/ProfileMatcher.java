package dev.acssync.acs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acssync.outcome.OutcomeReason;
import dev.acssync.outcome.RecordRejectedException;
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
 * error, never a guess.
 */
@Component("profileMatcher")
public class ProfileMatcher {

    public void pickSingle(@Variable("record") SyncRecord record, @Body JsonNode answer) {
        List<String> pkeys = new ArrayList<>();
        List<String> otherCase = new ArrayList<>();
        for (JsonNode profile : answer.path("content")) {
            String email = profile.path("email").asText();
            if (record.getEmail().equals(email)) {
                pkeys.add(profile.path("PKey").asText());
            } else if (record.getEmail().equalsIgnoreCase(email)) {
                otherCase.add(email);
            }
        }
        if (pkeys.isEmpty() && !otherCase.isEmpty()) {
            throw new RecordRejectedException(OutcomeReason.PROFILE_NOT_FOUND, "no profile with email '" + record.getEmail()
                    + "' as written; ACS has it in another case: '" + String.join("', '", otherCase)
                    + "' (emails are matched case included: correct the source, or name the profile by pkey)");
        }
        if (pkeys.isEmpty()) {
            throw new RecordRejectedException(OutcomeReason.PROFILE_NOT_FOUND, "no profile with email '" + record.getEmail()
                    + "' (emails are matched as written, case included)");
        }
        if (pkeys.size() > 1) {
            throw new RecordRejectedException(OutcomeReason.AMBIGUOUS_PROFILE,
                    pkeys.size() + " profiles have the email '" + record.getEmail() + "'; use their pkey instead");
        }
        record.setProfilePKey(pkeys.get(0));
    }
}
