package dev.acssync.vocabulary;

/** A run that hears of the ACS calls made for it, as they are made. */
public interface RunCalls {
    /** A call of its profile listing (a page, its count, a retry of either): counted by the run. */
    void listingCall();

    /**
     * A call for one of its records (a retry included): a sign of life only, since a record's calls are counted into
     * the run with its outcome.
     */
    void recordCallMade();
}
