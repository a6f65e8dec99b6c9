package dev.acssync.snapshot;

import dev.acssync.record.SyncRecord;
import java.util.Arrays;

/**
 * The keys a file names, read once before its run (a record names its profile by the first of PKey, custom key and
 * email it gives, as the pipeline's step profile-key-order does): kept as sorted 64-bit hashes, 8 bytes a record, so a
 * listing of millions of profiles keeps only the ones the file names. And how many lookups a record the per-record
 * path would spend on the file, for the choice between the two.
 */
public final class FileKeys {
    /**
     * The most keys a snapshot is taken for, by the heap: about 256 bytes of heap a key (its hash, its profile kept,
     * room for the run), so 1,000,000 in the 256 MB heap the benchmark measured them in. A bigger file is looked up
     * per record: its snapshot would not fit.
     */
    static final long MAX_KEYS = Math.max(100_000, Runtime.getRuntime().maxMemory() / 256);

    private final long[] hashes;
    private final long emailRecords;
    private final long customKeyRecords;
    private final long pkeyRecords;
    private final boolean tooMany;

    private FileKeys(long[] hashes, long emailRecords, long customKeyRecords, long pkeyRecords, boolean tooMany) {
        this.hashes = hashes;
        this.emailRecords = emailRecords;
        this.customKeyRecords = customKeyRecords;
        this.pkeyRecords = pkeyRecords;
        this.tooMany = tooMany;
    }

    /** More records than a snapshot holds in this heap ({@link #MAX_KEYS}): none is taken. */
    public boolean tooManyForASnapshot() {
        return tooMany;
    }

    boolean wants(long hash) {
        return Arrays.binarySearch(hashes, hash) >= 0;
    }

    boolean namesEmails() {
        return emailRecords > 0;
    }

    boolean namesCustomKeys() {
        return customKeyRecords > 0;
    }

    boolean namesPKeys() {
        return pkeyRecords > 0;
    }

    /**
     * The lookups the per-record path would make: one a record named by email, one a record named by custom key
     * unless the key is the profile's id (acs.custom-key.as-id), and one a record named by PKey when
     * acs.pkey-records.check-first reads it first. A record that costs its PATCH alone either way counts for nothing:
     * that a snapshot would spare its PATCH when it is unchanged is not known before the listing.
     */
    public long lookupsPerRecordPath(boolean pkeyCheckFirst, boolean customKeyAsId) {
        return emailRecords + (customKeyAsId ? 0 : customKeyRecords) + (pkeyCheckFirst ? pkeyRecords : 0);
    }

    /** The distinct keys kept. */
    public int size() {
        return hashes.length;
    }

    /** Collects a file's keys, record by record. */
    static final class Builder {
        private long[] hashes = new long[1024];
        private int size;
        private long emails;
        private long customKeys;
        private long pkeys;
        private final long limit;
        private boolean tooMany;

        Builder() {
            this(MAX_KEYS);
        }

        Builder(long limit) {
            this.limit = limit;
        }

        void add(SyncRecord record) {
            if (record.getProblem() != null) {
                return;
            }
            if (record.getPkey() != null) {
                pkeys++;
                keep(KeyHash.pkey(record.getPkey()));
            } else if (record.getCustomKey() != null) {
                customKeys++;
                keep(KeyHash.custom(record.getCustomKey()));
            } else if (record.getEmail() != null) {
                emails++;
                keep(KeyHash.email(record.getEmail()));
            }
        }

        private void keep(long hash) {
            if (size >= limit) {
                tooMany = true; // counted on, not kept
                return;
            }
            if (size == hashes.length) {
                hashes = Arrays.copyOf(hashes, size + (size >> 1));
            }
            hashes[size++] = hash;
        }

        FileKeys build() {
            long[] sorted = Arrays.copyOf(hashes, size);
            hashes = null;
            Arrays.sort(sorted);
            int distinct = 0;
            for (int i = 0; i < sorted.length; i++) {
                if (i == 0 || sorted[i] != sorted[distinct - 1]) {
                    sorted[distinct++] = sorted[i];
                }
            }
            return new FileKeys(Arrays.copyOf(sorted, distinct), emails, customKeys, pkeys, tooMany);
        }
    }
}
