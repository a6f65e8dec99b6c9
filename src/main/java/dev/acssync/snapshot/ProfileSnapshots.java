package dev.acssync.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acssync.acs.AcsProperties;
import dev.acssync.acs.CustomProfileKey;
import dev.acssync.record.ReadProgress;
import dev.acssync.record.RecordReader;
import dev.acssync.record.SyncRecord;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.util.Iterator;
import java.util.Locale;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of a file's lookup choice and snapshot (routes/acs/profile-snapshot.camel.yaml) and the pipeline's
 * question "does the snapshot know this record's profile?" (assign-org-unit, step ask-the-snapshot).
 */
@Component("profileSnapshots")
public class ProfileSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileSnapshots.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final RecordReader reader;
    private final LookupProperties lookup;
    private final String profilesUrl;
    private final String customField;
    private final boolean pkeyCheckFirst;
    private final boolean customKeyAsId;

    public ProfileSnapshots(RecordReader reader, LookupProperties lookup, AcsProperties acs, CustomProfileKey customKey) {
        this.reader = reader;
        this.lookup = lookup;
        this.profilesUrl = acs.baseUrl() + "profileAndServicesExt/profile";
        this.customField = customKey.field();
        this.customKeyAsId = customKey.asId();
        this.pkeyCheckFirst = acs.pkeyRecords() != null && acs.pkeyRecords().checkFirst();
    }

    /**
     * Reads the file once for the keys its records name (a resumed run skips the records it has done already). The
     * reader's checks are the same as for the run itself: a file it cannot read fails here, with the same words.
     */
    public FileKeys collectKeys(@Body File file, String format, String name, ReadProgress run, Long quietPeriodMs)
            throws IOException {
        FileKeys.Builder keys = new FileKeys.Builder();
        // a file still being written is waited for as the run's own reading does (quietPeriodMs)
        Iterator<SyncRecord> records = reader.read(file, format, name, new ReadProgress() {
            @Override
            public void recordRead(long line, long position, long bytes, long fileBytes) {
                if (run != null) {
                    run.readAhead();
                }
            }

            @Override
            public boolean skipIfDone(long line) {
                // without the run's side effects: its own reading must still find where it stands
                return run != null && run.wasDone(line);
            }

            @Override
            public boolean stopReading() {
                return false;
            }
        }, quietPeriodMs == null ? 0 : quietPeriodMs);
        try {
            records.forEachRemaining(keys::add);
        } finally {
            if (records instanceof Closeable closeable) {
                closeable.close();
            }
        }
        return keys.build();
    }

    /** acs.lookup.mode as the route's choice names it: per-record, snapshot or auto. */
    public String mode() {
        return lookup.mode().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** auto: whether the tenant is counted (one call): enough lookups at stake, and a file a snapshot can hold. */
    public boolean countFirst(@Variable("fileKeys") FileKeys keys) {
        return !keys.tooManyForASnapshot()
                && LookupPlan.countFirst(lookup.mode(), keys.lookupsPerRecordPath(pkeyCheckFirst, customKeyAsId));
    }

    /** snapshot, as set: counted for "page k of n", unless the file is too big for a snapshot in this heap. */
    public boolean fitsASnapshot(@Variable("fileKeys") FileKeys keys) {
        return !keys.tooManyForASnapshot();
    }

    /** Adobe's count of a list: GET the list's count node, answered {"count": n}. */
    public String countUri() {
        return profilesUrl + "/_count";
    }

    /** The listing's first page; _forcePagination=true, or a tenant above XtkBigTableThreshold gives one page only. */
    public String firstPageUri() {
        return profilesUrl + "?_lineCount=" + lookup.pageSize() + "&_forcePagination=true";
    }

    /** The count's answer: how many profiles the tenant holds. */
    public long tenantSize(@Body JsonNode answer) {
        JsonNode count = answer.path("count");
        if (!count.canConvertToLong() || count.asLong() < 0) {
            throw new IllegalStateException("the profile count answered no count: " + abbreviate(answer.toString()));
        }
        return count.asLong();
    }

    public LookupPlan plan(@Variable("fileKeys") FileKeys keys, @Variable("tenantProfiles") Long tenantProfiles) {
        if (keys == null) {
            return LookupPlan.choose(lookup.mode(), 0, -1, lookup.pageSize()); // per-record, as set: the file not read for keys
        }
        return LookupPlan.choose(lookup.mode(), keys, keys.lookupsPerRecordPath(pkeyCheckFirst, customKeyAsId),
                tenantProfiles == null ? -1 : tenantProfiles, lookup.pageSize());
    }

    public ProfileSnapshot start(@Variable("fileKeys") FileKeys keys) {
        return new ProfileSnapshot(keys, customField);
    }

    /**
     * Keeps a page's profiles; returns the next page's URL ({@code next.href} as given, absolute or relative), or null
     * at the end, or when the listing is left ({@link #givenUp} then says why): past its count, over auto's budget,
     * a next page that is the page itself, profiles named over and over, or (at its end) short of its count.
     */
    public String addPage(@Variable("snapshot") ProfileSnapshot snapshot, @Body JsonNode page, @Variable("acsUri") String pageUrl,
                          @Variable("lookupPlan") LookupPlan plan) {
        snapshot.addPage(page);
        JsonNode next = page.path("next").path("href");
        if (!next.isTextual() || next.asText().isBlank()) {
            String shortOfItsCount = plan.cutShort(snapshot.profilesListed());
            if (shortOfItsCount != null) {
                snapshot.leave(shortOfItsCount);
            }
            return null;
        }
        String nextUrl = URI.create(pageUrl).resolve(next.asText()).toString();
        if (nextUrl.equals(pageUrl)) {
            snapshot.leave("the listing's next page is the page itself");
        }
        String budget = plan.giveUpAfter(snapshot.pages());
        if (budget != null) {
            snapshot.leave(budget);
        }
        return snapshot.leftBecause() == null ? nextUrl : null;
    }

    /** Why the listing was left before its end, or null when it ran to its end. */
    public String givenUp(@Variable("snapshot") ProfileSnapshot snapshot) {
        return snapshot.leftBecause();
    }

    /** The listing ended: the snapshot answers records from now on. */
    public ProfileSnapshot complete(@Variable("snapshot") ProfileSnapshot snapshot) {
        snapshot.complete();
        LOG.info("Profile snapshot: {}", snapshot.summary());
        return snapshot;
    }

    /**
     * What the snapshot says of the record's profile, in the form of the lookup it saves (byEmail's, the custom
     * filter's, the profile by PKey), for the same rule steps to decide; null without a snapshot, or when it does not
     * know the record's key, or for a record named by email or custom key whose one profile is not in the record's unit
     * already (or which several profiles have): such a record is looked up, as without a snapshot, before its PATCH.
     * The key is the first of PKey, custom key and email the record gives, as in the step profile-key-order.
     */
    public JsonNode answer(@ExchangeProperty("snapshot") ProfileSnapshot snapshot, @Variable("record") SyncRecord record) {
        if (snapshot == null || !snapshot.isComplete() || record.getResolvedOrgUnit() == null) {
            return null;
        }
        if (record.getPkey() != null) {
            String unit = snapshot.unitByPKey(record.getPkey());
            return unit == null ? null : inUnit(JSON.objectNode().put("PKey", record.getPkey()), unit);
        }
        String field = record.getCustomKey() != null ? customField : "email";
        String key = record.getCustomKey() != null ? record.getCustomKey() : record.getEmail();
        String unit = key == null ? null : record.getCustomKey() != null ? snapshot.unitByCustomKey(key) : snapshot.unitByEmail(key);
        // elsewhere: looked up for its PKey before the PATCH, unless the key is the profile's id (acs.custom-key.as-id)
        boolean addressable = record.getCustomKey() != null && customKeyAsId;
        if (unit == null || !addressable && !unit.equals(record.getResolvedOrgUnit().pkey())) {
            return null;
        }
        ObjectNode answer = JSON.objectNode();
        answer.putArray("content").add(inUnit(JSON.objectNode().put(field, key), unit));
        return answer;
    }

    private static ObjectNode inUnit(ObjectNode profile, String unit) {
        if (!unit.isEmpty()) {
            profile.putObject("orgUnit").put("PKey", unit);
        }
        return profile;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
