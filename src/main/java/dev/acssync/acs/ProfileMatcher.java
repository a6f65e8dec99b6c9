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
 * Picks the profile a byEmail answer designates. Whether ACS matches emails exactly or ignoring case is not
 * documented, so matches are verified here; zero or several matches are a per-record error, never a guess.
 */
@Component("profileMatcher")
public class ProfileMatcher {

    public void pickSingle(@Variable("record") SyncRecord record, @Body JsonNode answer) {
        List<String> pkeys = new ArrayList<>();
        for (JsonNode profile : answer.path("content")) {
            if (record.getEmail().equalsIgnoreCase(profile.path("email").asText())) {
                pkeys.add(profile.path("PKey").asText());
            }
        }
        if (pkeys.isEmpty()) {
            throw new RecordRejectedException(OutcomeReason.PROFILE_NOT_FOUND, "no profile with email '" + record.getEmail() + "'");
        }
        if (pkeys.size() > 1) {
            throw new RecordRejectedException(OutcomeReason.AMBIGUOUS_PROFILE,
                    pkeys.size() + " profiles have the email '" + record.getEmail() + "'; use their pkey instead");
        }
        record.setProfilePKey(pkeys.get(0));
    }
}
