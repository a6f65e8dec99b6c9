package dev.acssync.orgunit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acssync.outcome.OutcomeReason;
import dev.acssync.outcome.RecordRejectedException;
import dev.acssync.record.SyncRecord;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.acssync.acs.AcsProperties;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The org units of the ACS instance, as the last complete listing returned them (routes/acs/org-unit-directory.camel.yaml
 * reads the pages and swaps each complete listing in at once, so a lookup never sees half a list). Units are matched
 * by {@code name} (titles are not reliable), or by label, each ignoring case when that is unambiguous, or by PKey for a
 * value starting with '@'.
 */
@Component("orgUnitDirectory")
public class OrgUnitDirectory implements HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(OrgUnitDirectory.class);
    /** A listing this long is not a listing: something loops. */
    static final int MAX_PAGES = 100_000;

    private record Snapshot(Map<String, OrgUnit> byName, Map<String, OrgUnit> byPKey, Instant loadedAt) {
    }

    /** The units of a listing being read, page by page. */
    public static final class Listing {
        private final Map<String, OrgUnit> byName = new LinkedHashMap<>();
        private final Map<String, OrgUnit> byPKey = new LinkedHashMap<>();
        private final Set<String> pages = new HashSet<>();
    }

    private final Duration minRefreshInterval;
    private final AtomicLong loads = new AtomicLong();
    private volatile Snapshot snapshot;

    public OrgUnitDirectory(AcsProperties acs) {
        this.minRefreshInterval = acs.orgUnits().minRefreshInterval();
    }

    /** The unit the record names, or null when the last listing has none such. */
    public OrgUnit find(@Variable("record") SyncRecord record) {
        Snapshot s = snapshot;
        return s == null ? null : lookup(s, record.getOrgUnit());
    }

    /** Never loaded, or loaded longer ago than {@code acs.org-units.min-refresh-interval}: a miss may reload it. */
    public boolean isStale() {
        Snapshot s = snapshot;
        return s == null || s.loadedAt().plus(minRefreshInterval).isBefore(Instant.now());
    }

    /** The record names a unit no listing has: a dead letter UNKNOWN_ORG_UNIT. */
    public void unknownUnit(@Variable("record") SyncRecord record) {
        Snapshot s = snapshot;
        String wanted = record.getOrgUnit();
        throw new RecordRejectedException(OutcomeReason.UNKNOWN_ORG_UNIT, "no org unit "
                + (wanted.startsWith("@") ? "with PKey" : "named") + " '" + wanted + "' among the "
                + (s == null ? 0 : s.byName().size()) + " units listed by ACS" + (s == null ? "" : " at " + s.loadedAt()));
    }

    public Listing newListing() {
        return new Listing();
    }

    /**
     * Keeps a page's units; returns the next page's URL ({@code next.href}, absolute or relative, followed as given:
     * its cursor is opaque), or null after the last page.
     */
    public String addPage(Listing listing, JsonNode page, String pageUrl) {
        if (!listing.pages.add(pageUrl) || listing.pages.size() > MAX_PAGES) {
            throw new IllegalStateException("orgUnitBase pagination loops at " + pageUrl);
        }
        for (JsonNode u : page.path("content")) {
            OrgUnit unit = new OrgUnit(u.path("PKey").asText(), u.path("name").asText(), u.path("label").asText());
            listing.byName.put(unit.name(), unit);
            listing.byPKey.put(unit.pkey(), unit);
        }
        JsonNode next = page.path("next").path("href");
        return next.isTextual() && !next.asText().isBlank() ? URI.create(pageUrl).resolve(next.asText()).toString() : null;
    }

    /** Swaps a complete listing in; returns the number of units. */
    public int replace(Listing listing) {
        snapshot = new Snapshot(Map.copyOf(listing.byName), Map.copyOf(listing.byPKey), Instant.now());
        loads.incrementAndGet();
        LOG.info("Org-unit directory loaded: {} units in {} page(s)", listing.byName.size(), listing.pages.size());
        return listing.byName.size();
    }

    /** How many times the list was loaded since start. */
    public long loads() {
        return loads.get();
    }

    public int size() {
        Snapshot s = snapshot;
        return s == null ? 0 : s.byName().size();
    }

    /** When the list was last loaded, or null before the first load. */
    public Instant loadedAt() {
        Snapshot s = snapshot;
        return s == null ? null : s.loadedAt();
    }

    @Override
    public Health health() {
        Snapshot s = snapshot;
        if (s == null) {
            return Health.down().withDetail("reason", "not loaded yet (see the log of refresh-org-unit-directory)").build();
        }
        return Health.up().withDetail("units", s.byName().size()).withDetail("loadedAt", s.loadedAt().toString())
                .withDetail("ageSeconds", Duration.between(s.loadedAt(), Instant.now()).toSeconds()).build();
    }

    /**
     * By PKey for a value starting with '@'; else by name, then by name ignoring case, then by label (as ACS screens
     * and their exports show units), then by label ignoring case: each only when exactly one unit matches, never a guess.
     */
    private static OrgUnit lookup(Snapshot s, String wanted) {
        if (wanted.startsWith("@")) {
            OrgUnit unit = s.byPKey().get(wanted);
            return unit == null ? null : unit.matchedBy("PKey");
        }
        OrgUnit exact = s.byName().get(wanted);
        if (exact != null) {
            return exact.matchedBy("name");
        }
        OrgUnit found = single(s, u -> u.name().equalsIgnoreCase(wanted));
        if (found != null) {
            return found.matchedBy("name ignoring case");
        }
        found = single(s, u -> u.label().equals(wanted));
        if (found != null) {
            return found.matchedBy("label");
        }
        found = single(s, u -> u.label().equalsIgnoreCase(wanted));
        return found == null ? null : found.matchedBy("label ignoring case");
    }

    private static OrgUnit single(Snapshot s, java.util.function.Predicate<OrgUnit> matches) {
        List<OrgUnit> matching = s.byName().values().stream().filter(matches).limit(2).toList();
        return matching.size() == 1 ? matching.get(0) : null;
    }
}
