package dev.acssync.orgunit;

import dev.acssync.vocabulary.OrgUnit;
import com.fasterxml.jackson.databind.JsonNode;
import dev.acssync.vocabulary.OutcomeReason;
import dev.acssync.vocabulary.RecordRejectedException;
import dev.acssync.record.SyncRecord;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.acssync.acs.AcsProperties;
import dev.acssync.metrics.SyncMetrics;
import org.springframework.stereotype.Component;

/**
 * The org units of the ACS instance, as the last complete listing returned them (routes/acs/org-unit-directory.camel.yaml
 * reads the pages and swaps each complete listing in at once, so a lookup never sees half a list). It offers the ways
 * a unit can be matched (by PKey, name, label, each as written or ignoring case); the order in which they are tried is
 * the route find-org-unit's.
 */
@Component("orgUnitDirectory")
public class OrgUnitDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(OrgUnitDirectory.class);
    /** A listing this long is not a listing: something loops. */
    static final int MAX_PAGES = 100_000;

    /**
     * A complete listing, indexed once when it is swapped in: by PKey, and for a value naming a unit, the ways to match
     * it in the order they are tried (name, name ignoring case, label, label ignoring case), each unit already tagged
     * with the way; a key that several units share in a way is left out of it (never a guess).
     */
    private record Snapshot(Map<String, OrgUnit> byName, Map<String, OrgUnit> byPKey, List<Way> ways, Instant loadedAt) {
    }

    private record Way(Map<String, OrgUnit> units, boolean ignoringCase) {
        OrgUnit find(String wanted) {
            return units.get(ignoringCase ? wanted.toLowerCase(Locale.ROOT) : wanted);
        }
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

    public OrgUnitDirectory(AcsProperties acs, SyncMetrics metrics) {
        this.minRefreshInterval = acs.orgUnits().minRefreshInterval();
        metrics.watchDirectory(this::size, this::loads);
    }

    /*
     * The ways a record's unit is matched, one method each: the route find-org-unit
     * (routes/pipeline/assign-org-unit.camel.yaml) tries them in its order. Each answers the unit, or null.
     */

    /** The unit whose PKey is the record's value (a value starting with '@'). */
    public OrgUnit byPKey(@Variable("record") SyncRecord record) {
        Snapshot s = snapshot;
        return s == null ? null : s.byPKey().get(record.getOrgUnit());
    }

    /** The unit whose name is the record's value as written. */
    public OrgUnit byName(@Variable("record") SyncRecord record) {
        return byWay(NAME, record);
    }

    /** The one unit whose name is the record's value ignoring case (never a guess between several). */
    public OrgUnit byNameIgnoringCase(@Variable("record") SyncRecord record) {
        return byWay(NAME_IGNORING_CASE, record);
    }

    /** The one unit whose label is the record's value as written. */
    public OrgUnit byLabel(@Variable("record") SyncRecord record) {
        return byWay(LABEL, record);
    }

    /** The one unit whose label is the record's value ignoring case. */
    public OrgUnit byLabelIgnoringCase(@Variable("record") SyncRecord record) {
        return byWay(LABEL_IGNORING_CASE, record);
    }

    private OrgUnit byWay(int way, SyncRecord record) {
        Snapshot s = snapshot;
        return s == null ? null : s.ways().get(way).find(record.getOrgUnit());
    }

    private static final int NAME = 0;
    private static final int NAME_IGNORING_CASE = 1;
    private static final int LABEL = 2;
    private static final int LABEL_IGNORING_CASE = 3;

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
        Collection<OrgUnit> units = listing.byName.values();
        List<Way> ways = List.of(
                way(units, OrgUnit::name, false, "name"),
                way(units, OrgUnit::name, true, "name ignoring case"),
                way(units, OrgUnit::label, false, "label"),
                way(units, OrgUnit::label, true, "label ignoring case"));
        Map<String, OrgUnit> byPKey = new HashMap<>();
        listing.byPKey.forEach((pkey, unit) -> byPKey.put(pkey, unit.matchedBy("PKey")));
        snapshot = new Snapshot(Map.copyOf(listing.byName), Map.copyOf(byPKey), ways, Instant.now());
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

    /** One way of matching: the units by that key (lower-cased when ignoring case), the keys several units share left out. */
    private static Way way(Collection<OrgUnit> units, Function<OrgUnit, String> key, boolean ignoringCase, String how) {
        Map<String, OrgUnit> unique = new HashMap<>();
        Set<String> shared = new HashSet<>();
        for (OrgUnit unit : units) {
            String raw = key.apply(unit);
            if (raw == null || raw.isEmpty()) {
                continue; // a unit without a label is found by its name only
            }
            String k = ignoringCase ? raw.toLowerCase(Locale.ROOT) : raw;
            if (unique.putIfAbsent(k, unit.matchedBy(how)) != null) {
                shared.add(k);
            }
        }
        shared.forEach(unique::remove);
        return new Way(Map.copyOf(unique), ignoringCase);
    }
}
