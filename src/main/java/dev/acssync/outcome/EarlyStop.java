package dev.acssync.outcome;

import java.util.Map;
import java.util.function.Supplier;

/**
 * When a file is wrong as a whole (another export, every unit misspelled), its run stops instead of spending one or
 * two ACS calls per record on dead letters: when its first {@code firstRecords} outcomes are all dead letters for
 * permanent reasons, or, from then on, more than {@code deadLetterPercent} % of its outcomes are. A run whose first
 * {@code firstRecords} outcomes all say the set-up is wrong (ACS failing every call without an error code) stops too,
 * as a configuration error. Which dead letters count is the route process-file's rule (steps says-the-file-is-wrong,
 * says-the-setup-is-wrong).
 *
 * @param firstRecords outcomes to see before judging; 0 turns the early stop off
 * @param deadLetterPercent the share of permanent dead letters, in percent, above which a run stops
 */
public record EarlyStop(int firstRecords, int deadLetterPercent) {

    public static final EarlyStop OFF = new EarlyStop(0, 100);

    /** Why the run should stop now, or null to go on. */
    String check(long records, long permanentDeadLetters, long setupDeadLetters, Supplier<Map<String, Long>> reasons) {
        if (firstRecords <= 0 || records < firstRecords) {
            return null;
        }
        if (setupIsWrong(records, setupDeadLetters)) {
            return "stopped early after " + records + " records: ACS failed every one with a server error that carries no"
                    + " ACS error code " + reasons.get() + "; most likely the set-up, not the file: ACS answers so"
                    + " (500 \"Oops ... Check your URI\") to a path it does not know (a route's URI, acs.custom-key.filter)"
                    + " and to a PATCH of orgUnit on a profile resource not extended with it; each dead letter's detail"
                    + " names its call. No file is taken until the preflight runs again (docs/real-tenant.md; limits:"
                    + " sync.early-stop.*)";
        }
        if (permanentDeadLetters == records) {
            return "stopped early after " + records + " records: all of them ended as dead letters that trying again "
                    + "cannot fix " + reasons.get() + "; is it the right file? (limits: sync.early-stop.*)";
        }
        if (permanentDeadLetters * 100 > (long) deadLetterPercent * records) {
            return "stopped early after " + records + " records: " + permanentDeadLetters * 100 / records
                    + "% of them ended as dead letters that trying again cannot fix " + reasons.get() + ", more than "
                    + deadLetterPercent + "%; is it the right file? (limits: sync.early-stop.*)";
        }
        return null;
    }

    /** Every outcome so far says the set-up is wrong, and there are enough of them to judge. */
    boolean setupIsWrong(long records, long setupDeadLetters) {
        return firstRecords > 0 && records >= firstRecords && setupDeadLetters == records;
    }
}
