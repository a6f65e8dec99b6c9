package dev.acssync.vocabulary;

import java.util.Locale;

/**
 * What an ACS call was spent on, as a run's report and the metric {@code acs.calls} count them: the tenant meters every
 * call, so a run says where its calls went.
 */
public enum AcsCallKind {
    /** A page of the profile listing, or the count before it (a snapshot run). */
    LISTING,
    /** A record's first try of a GET: its profile by email, custom key or PKey. */
    LOOKUP,
    /** A record's first try of a PATCH. */
    PATCH,
    /** A record's call tried again after a fault (ACS unavailable, a server error without a code). */
    RETRY;

    /** The name in reports and metrics: listing, lookup, patch, retry. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
