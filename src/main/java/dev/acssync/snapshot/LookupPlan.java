package dev.acssync.snapshot;

import java.util.Locale;

/**
 * How a file's run finds its profiles, and why: the rule of {@code acs.lookup.mode} in one place.
 * <ul>
 *   <li>{@code per-record}: a lookup a record, always;</li>
 *   <li>{@code snapshot}: the profile listing, always (its count first, to say "page k of n");</li>
 *   <li>{@code auto}: a file whose per-record path makes fewer than {@value #MIN_LOOKUPS_TO_COUNT} lookups is looked up
 *       per record (counting the tenant would cost more than 5 % of its calls); otherwise the tenant is counted (one
 *       call) and listed when its pages are fewer than those lookups. A listing that runs past its count by more than a
 *       tenth (the tenant grew meanwhile), or that reaches as many pages as the lookups it saves, is given up: the
 *       records are then looked up one by one.</li>
 * </ul>
 *
 * @param snapshot list the tenant's profiles
 * @param lookups the lookups the per-record path would make for the file
 * @param expectedPages the listing's pages by the count (0 when not counted)
 * @param why the choice in words, for the run's report
 */
public record LookupPlan(boolean snapshot, boolean auto, long lookups, long expectedPages, String why) {
    /** Below this many lookups, auto does not even count the tenant. */
    public static final long MIN_LOOKUPS_TO_COUNT = 20;

    /** Whether auto counts the tenant (one call). */
    static boolean countFirst(LookupProperties.Mode mode, long lookups) {
        return mode == LookupProperties.Mode.AUTO && lookups >= MIN_LOOKUPS_TO_COUNT;
    }

    static LookupPlan choose(LookupProperties.Mode mode, FileKeys keys, long lookups, long tenantProfiles, int pageSize) {
        if (mode != LookupProperties.Mode.PER_RECORD && keys.tooManyForASnapshot()) {
            return new LookupPlan(false, false, lookups, 0, "a file of more than " + number(FileKeys.MAX_KEYS) + " records: "
                    + "its snapshot would not fit this heap (-Xmx), so a lookup a record");
        }
        return choose(mode, lookups, tenantProfiles, pageSize);
    }

    static LookupPlan choose(LookupProperties.Mode mode, long lookups, long tenantProfiles, int pageSize) {
        long pages = tenantProfiles < 0 ? 0 : Math.max(1, (tenantProfiles + pageSize - 1) / pageSize);
        String listing = tenantProfiles < 0 ? "" : "listing the tenant's " + number(tenantProfiles) + " profiles takes "
                + number(pages) + " pages of " + number(pageSize);
        return switch (mode) {
            case PER_RECORD -> new LookupPlan(false, false, lookups, 0, "acs.lookup.mode is per-record: one lookup a record");
            case SNAPSHOT -> new LookupPlan(true, false, lookups, pages, "acs.lookup.mode is snapshot"
                    + (listing.isEmpty() ? "" : ": " + listing));
            case AUTO -> {
                if (tenantProfiles < 0) {
                    yield new LookupPlan(false, true, lookups, 0, "auto: " + number(lookups) + " lookups, fewer than "
                            + MIN_LOOKUPS_TO_COUNT + ": a lookup a record");
                }
                boolean cheaper = pages < lookups;
                yield new LookupPlan(cheaper, true, lookups, pages, "auto: " + listing + (cheaper ? ", fewer than " : ", not fewer than ")
                        + "the " + number(lookups) + " lookups a record would cost" + (cheaper ? ": a snapshot" : ": a lookup a record"));
            }
        };
    }

    /**
     * After {@code pagesRead} pages (auto only): null to go on, or why the listing is given up - past its count by
     * more than a tenth, or as dear as the lookups it would save.
     */
    String giveUpAfter(int pagesRead) {
        if (!auto) {
            return null;
        }
        long allowance = expectedPages + Math.max(1, expectedPages / 10);
        if (pagesRead >= lookups) {
            return "the listing reached " + number(pagesRead) + " pages, as many calls as the lookups it would save";
        }
        if (pagesRead > allowance) {
            return "the listing ran past its count (" + number(expectedPages) + " pages expected, " + number(pagesRead)
                    + " read): the tenant grew meanwhile";
        }
        return null;
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
