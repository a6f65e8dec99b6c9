package dev.acssync.vocabulary;

/** Why a record was dead-lettered. Every rejected record carries exactly one. */
public enum OutcomeReason {
    /** The record itself is unusable: missing or malformed fields, unparseable line. */
    INVALID_RECORD,
    /** No org unit with that name (or PKey) exists at ACS, even after refreshing the directory. */
    UNKNOWN_ORG_UNIT,
    /** No profile with that PKey or email exists at ACS. */
    PROFILE_NOT_FOUND,
    /** Several profiles share the email: the service never guesses which one is meant. */
    AMBIGUOUS_PROFILE,
    /** ACS refused the request for this record (a 4xx, or a 500 carrying an ACS error code such as RST-360011, XTK-170036 or PGS-220000). */
    REJECTED_BY_ACS,
    /**
     * ACS answered a server error carrying no ACS error code on every try (acs.retry.server-error-retries + 1): it
     * answers, but fails this call (a profile resource without the orgUnit field, a wrong organization, an ACS bug).
     */
    ACS_SERVER_ERROR,
    /** A transient fault (429, 502/503/504, no answer) persisted after every redelivery. */
    RETRIES_EXHAUSTED,
    /**
     * A JMS message that cannot be read as text (a bytes, map, object or stream message, one with no body, or a text
     * message whose text does not decode): the detail names its type and size.
     */
    UNREADABLE_MESSAGE,
    /** A fault of the service itself; the detail names it. Should never happen: report it as a bug. */
    UNEXPECTED_ERROR
}
