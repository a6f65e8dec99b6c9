package dev.acssync.vocabulary;

/** A run that counts the calls its profile listing costs (a page, its count, a retry of either). */
public interface ListingCalls {
    void listingCall();
}
