package dev.acssync.snapshot;

import java.util.Locale;

/**
 * How a file's run finds its profiles, and why: the rule of {@code acs.lookup.mode} in one place.
 * <ul>
 *   <li>{@code per-record}: a lookup a record, always;</li>
 *   <li>{@code snapshot}: the profile listing, always (its count first, to say "page k of n");</li>
 *   <li>{@code auto}: a file whose per-record path makes fewer than {@value #MIN_LOOKUPS_TO_COUNT} lookups is looked up per
 *       record (counting the tenant would cost more than 5 % of its calls); otherwise the tenant is counted (one
 *       call) and listed when the count and the pages cost at most a tenth of those lookups: a record whose profile
 *       is elsewhere is still looked up before its PATCH, so even a file whose every record changes then costs at
 *       most 1.1 times the per-record path. A listing that outgrows that tenth is given up.</li>
 * </ul>
 * In every mode a listing that runs past its count by more than a tenth (the tenant grew meanwhile, or pages that
 * never end) is given up: the records are then looked up one by one.
 *
 * @param snapshot list the tenant's profiles
 * @param auto chosen by auto (its budget of pages applies)
 * @param lookups the lookups the per-record path would make for the file
 * @param tenantProfiles the tenant's profiles by the count (-1 when not counted)
 * @param expectedPages the listing's pages by the count (0 when not counted)
 * @param why the choice in words, for the run's report
 */
public record LookupPlan(boolean snapshot, boolean auto, long lookups, long tenantProfiles, long expectedPages, String why) {
    /** Below this many lookups, auto does not even count the tenant. */
    public static final long MIN_LOOKUPS_TO_COUNT = 20;

    /** Whether auto counts the tenant (one call). */
    static boolean countFirst(LookupProperties.Mode mode, long lookups) {
        return mode == LookupProperties.Mode.AUTO && lookups >= MIN_LOOKUPS_TO_COUNT;
    }

    static LookupPlan choose(LookupProperties.Mode mode, FileKeys keys, long lookups, long tenantProfiles, int pageSize) {
        if (mode != LookupProperties.Mode.PER_RECORD && keys.size() == 0) {
            return new LookupPlan(false, false, lookups, -1, 0, "the file names no profile by a key a snapshot holds: "
                    + "nothing to list");
        }
        if (mode != LookupProperties.Mode.PER_RECORD && keys.tooManyForASnapshot()) {
            return new LookupPlan(false, false, lookups, -1, 0, "a file of more than " + number(FileKeys.MAX_KEYS) + " records: "
                    + "its snapshot would not fit this heap (-Xmx), so a lookup a record");
        }
        return choose(mode, lookups, tenantProfiles, pageSize);
    }

    static LookupPlan choose(LookupProperties.Mode mode, long lookups, long tenantProfiles, int pageSize) {
        long pages = tenantProfiles < 0 ? 0 : Math.max(1, (tenantProfiles + pageSize - 1) / pageSize);
        String listing = tenantProfiles < 0 ? "" : "listing the tenant's " + number(tenantProfiles) + " profiles takes "
                + number(pages) + " pages of " + number(pageSize);
        return switch (mode) {
            case PER_RECORD -> new LookupPlan(false, false, lookups, -1, 0, "acs.lookup.mode is per-record: one lookup a record");
            case SNAPSHOT -> new LookupPlan(true, false, lookups, tenantProfiles, pages, "acs.lookup.mode is snapshot"
                    + (listing.isEmpty() ? "" : ": " + listing));
            case AUTO -> {
                if (tenantProfiles < 0) {
                    yield new LookupPlan(false, true, lookups, -1, 0, "auto: " + number(lookups) + " lookups, fewer than "
                            + MIN_LOOKUPS_TO_COUNT + ": a lookup a record");
                }
                boolean cheaper = 1 + pages <= lookups / 10;
                yield new LookupPlan(cheaper, true, lookups, tenantProfiles, pages, "auto: " + listing
                        + (cheaper ? ", with the count at most a tenth of " : ", with the count more than a tenth of ")
                        + "the " + number(lookups) + " lookups a record would cost" + (cheaper ? ": a snapshot" : ": a lookup a record"));
            }
        };
    }

    /**
     * After {@code pagesRead} pages: null to go on, or why the listing is given up - past its count by more than a
     * tenth (any mode), or (auto) the count and the pages more than a tenth of the lookups they were to save.
     */
    String giveUpAfter(int pagesRead) {
        if (expectedPages > 0 && pagesRead > expectedPages + Math.max(1, expectedPages / 10)) {
            return "the listing ran past its count (" + number(expectedPages) + " pages expected, " + number(pagesRead)
                    + " read): the tenant grew meanwhile, or its pages do not end";
        }
        if (auto && 1 + pagesRead > lookups / 10) {
            return "the listing reached " + number(pagesRead) + " pages, more than a tenth of the " + number(lookups)
                    + " lookups it was to save";
        }
        return null;
    }

    /** At the listing's end: null when it holds what the count said, or why it cannot be trusted. */
    String cutShort(long profilesListed) {
        if (tenantProfiles > 0 && profilesListed < tenantProfiles * 9 / 10) {
            return "the listing ended after " + number(profilesListed) + " of the " + number(tenantProfiles)
                    + " profiles counted (a big table without _forcePagination?)";
        }
        return null;
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
