package dev.acssync.preflight;

import dev.acssync.acs.AcsAvailability;
import dev.acssync.source.IntakeCondition;
import org.springframework.stereotype.Component;

/**
 * No new file while ACS answers that the service's set-up is wrong (credentials refused, a tenant not set up for the
 * API): its records could only wait. The file stays in the inbox, untouched, until an answer (a record's, or the idle
 * probe's) succeeds again.
 */
@Component
class AcsSetupIntake implements IntakeCondition {
    private final AcsAvailability availability;

    AcsSetupIntake(AcsAvailability availability) {
        this.availability = availability;
    }

    @Override
    public String blocking() {
        String problem = availability.configurationProblem();
        return problem == null ? null : "ACS: " + problem;
    }
}
