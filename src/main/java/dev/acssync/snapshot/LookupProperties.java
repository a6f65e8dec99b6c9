package dev.acssync.snapshot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a file's run finds its records' profiles ({@code acs.lookup.*}).
 *
 * @param mode {@code per-record}: one lookup a record (byEmail, the custom filter); {@code snapshot}: list the tenant's
 *             profiles once, page by page, and decide every record from that list; {@code auto}: the snapshot when it
 *             costs fewer calls (a JMS message is always looked up per record)
 * @param pageSize profiles a listing page asks for ({@code _lineCount}); Adobe publishes no maximum, so the pages ACS
 *                 really gives are what counts
 */
@ConfigurationProperties("acs.lookup")
public record LookupProperties(Mode mode, int pageSize) {

    public LookupProperties {
        if (mode == null) {
            mode = Mode.AUTO;
        }
        // a page is held whole (its text, then its JSON tree): 5,000 profiles are a few MB
        if (pageSize < 1 || pageSize > 5_000) {
            throw new IllegalArgumentException("acs.lookup.page-size must be between 1 and 5000, not " + pageSize);
        }
    }

    public enum Mode {
        PER_RECORD, SNAPSHOT, AUTO
    }
}
