package dev.acssync.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The profiles of the tenant that one file names, with the unit each is in: read from the profile listing page by
 * page, keeping a profile only when one of its keys (email ignoring case, custom key, PKey) is among the file's
 * hashed keys. Kept compactly: the key as UTF-8 in 1 MB chunks and the unit as an index, about 50 bytes a profile
 * named by email (not its PKey: a record whose profile is elsewhere is looked up before its PATCH, as without a
 * snapshot), so a file of a million records fits in a small heap whatever the tenant's size. A record is answered
 * only from profiles whose full key matches its own: a hash collision is never taken for a match. It lives in memory
 * for its run only.
 */
public final class ProfileSnapshot {
    private static final int CHUNK = 1 << 20;
    private static final int NO_UNIT = -1;
    /** What a profile in no unit is said to be in. */
    static final String NO_UNIT_PKEY = "";

    /** The file's keys, until the listing ends. */
    private FileKeys wanted;
    private final String customField;
    // the kept profiles, by index: the hash of the key they were kept for, where their key is, their unit
    private long[] hashes;
    private long[] texts;
    private int[] units;
    private int size;
    private final List<byte[]> chunks = new ArrayList<>();
    private int chunkUsed = CHUNK;
    private final List<String> unitPKeys = new ArrayList<>();
    private final Map<String, Integer> unitIndex = new HashMap<>();
    // open addressing by hash (index + 1, 0 = free), built when the listing is complete
    private int[] table;
    private long profilesListed;
    private int pages;
    /** Why the listing was left before its end, or null. */
    private String leftBecause;

    ProfileSnapshot(FileKeys wanted, String customField) {
        this.wanted = wanted;
        this.customField = customField;
        // a file's key names one profile, mostly: sized for that, so the arrays are not copied as they fill
        int expected = Math.max(16, wanted.size() + wanted.size() / 64);
        hashes = new long[expected];
        texts = new long[expected];
        units = new int[expected];
    }

    /** Keeps the page's profiles the file names; returns how many profiles the page held. */
    int addPage(JsonNode page) {
        if (table != null) {
            throw new IllegalStateException("the snapshot is complete");
        }
        pages++;
        int listed = 0;
        for (JsonNode profile : page.path("content")) {
            listed++;
            String pkey = profile.path("PKey").asText("");
            if (pkey.isEmpty()) {
                continue;
            }
            String unit = profile.path("orgUnit").path("PKey").asText("");
            if (wanted.namesPKeys()) {
                keepIfWanted(KeyHash.PKEY, KeyHash.pkey(pkey), pkey, unit);
            }
            String email = profile.path("email").asText("");
            if (wanted.namesEmails() && !email.isEmpty()) {
                keepIfWanted(KeyHash.EMAIL, KeyHash.email(email), email, unit);
            }
            String custom = customField == null ? "" : profile.path(customField).asText("");
            if (wanted.namesCustomKeys() && !custom.isEmpty()) {
                keepIfWanted(KeyHash.CUSTOM, KeyHash.custom(custom), custom, unit);
            }
        }
        profilesListed += listed;
        return listed;
    }

    private void keepIfWanted(char kind, long hash, String key, String unit) {
        if (!wanted.wants(hash)) {
            return;
        }
        if (size >= 2L * wanted.size() + 1000) {
            // a key is one profile, mostly: a listing that keeps handing the same ones over is not to be trusted
            leave("the listing named the file's keys more than twice over (its pages repeat?)");
            return;
        }
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        if (keyBytes.length > 0xFFFF) {
            return; // not kept: such a record is looked up as usual
        }
        if (size == hashes.length) {
            int grown = size + (size >> 1);
            hashes = Arrays.copyOf(hashes, grown);
            texts = Arrays.copyOf(texts, grown);
            units = Arrays.copyOf(units, grown);
        }
        hashes[size] = hash;
        texts[size] = write(kind, keyBytes);
        units[size] = unit.isEmpty() ? NO_UNIT : unitIndex.computeIfAbsent(unit, u -> {
            unitPKeys.add(u);
            return unitPKeys.size() - 1;
        });
        size++;
    }

    // [kind][key length: 2 bytes][key], never across two chunks
    private long write(char kind, byte[] key) {
        int length = 3 + key.length;
        if (chunkUsed + length > CHUNK) {
            chunks.add(new byte[CHUNK]);
            chunkUsed = 0;
        }
        byte[] chunk = chunks.get(chunks.size() - 1);
        int at = chunkUsed;
        chunk[at] = (byte) kind;
        chunk[at + 1] = (byte) (key.length >>> 8);
        chunk[at + 2] = (byte) key.length;
        System.arraycopy(key, 0, chunk, at + 3, key.length);
        chunkUsed += length;
        return ((long) (chunks.size() - 1) << 32) | at;
    }

    /** The listing is left before its end: the snapshot answers nothing. The first reason stays. */
    void leave(String why) {
        if (leftBecause == null) {
            leftBecause = why;
        }
    }

    /** Why the listing was left before its end, or null. */
    String leftBecause() {
        return leftBecause;
    }

    /** The listing has ended: from now on records are answered from it. */
    void complete() {
        wanted = null;
        int capacity = Integer.highestOneBit(Math.max(16, size * 2 - 1)) << 1;
        table = new int[capacity];
        for (int i = 0; i < size; i++) {
            int slot = (int) hashes[i] & (capacity - 1);
            while (table[slot] != 0) {
                slot = (slot + 1) & (capacity - 1);
            }
            table[slot] = i + 1;
        }
    }

    boolean isComplete() {
        return table != null;
    }

    /** Profiles the listing held, kept or not. */
    public long profilesListed() {
        return profilesListed;
    }

    /** Profiles kept: the ones the file names. */
    public int profilesKept() {
        return size;
    }

    public int pages() {
        return pages;
    }

    /** "listing profiles, page k of n", for the run's report while it lists. */
    public String progress(LookupPlan plan) {
        return "listing profiles, page " + pages + (plan.expectedPages() > 0 ? " of " + plan.expectedPages() : "");
    }

    /** What the listing found, for the run's report. */
    public String summary() {
        return String.format(Locale.ROOT, "%,d profiles listed in %,d pages, %,d of them named by the file",
                profilesListed, pages, size);
    }

    /**
     * The unit of the one profile whose email is this one as written, case included (the rule of byEmail's answers):
     * its PKey, {@link #NO_UNIT_PKEY} when it is in none; null when the snapshot has no such profile, or several (the
     * record is then looked up, and the lookup's answer decides, as without a snapshot).
     */
    String unitByEmail(String email) {
        return unitByEmail(email, KeyHash.email(email));
    }

    // the hash apart, so a test can make two emails collide
    String unitByEmail(String email, long hash) {
        return single(KeyHash.EMAIL, email, hash);
    }

    /** The unit of the one profile whose custom key is this one, as written; null for none or several. */
    String unitByCustomKey(String key) {
        return single(KeyHash.CUSTOM, key, KeyHash.custom(key));
    }

    /** The unit of the profile with this PKey; null when the snapshot does not have it. */
    String unitByPKey(String pkey) {
        return single(KeyHash.PKEY, pkey, KeyHash.pkey(pkey));
    }

    private String single(char kind, String key, long hash) {
        int found = -1;
        for (int i : candidates(hash)) {
            if (kind(i) == kind && key(i).equals(key)) {
                if (found >= 0) {
                    return null;
                }
                found = i;
            }
        }
        return found < 0 ? null : units[found] == NO_UNIT ? NO_UNIT_PKEY : unitPKeys.get(units[found]);
    }

    private int[] candidates(long hash) {
        if (table == null) {
            return new int[0];
        }
        int[] found = new int[0];
        int slot = (int) hash & (table.length - 1);
        while (table[slot] != 0) {
            int i = table[slot] - 1;
            if (hashes[i] == hash) {
                found = Arrays.copyOf(found, found.length + 1);
                found[found.length - 1] = i;
            }
            slot = (slot + 1) & (table.length - 1);
        }
        return found;
    }

    private char kind(int i) {
        return (char) chunks.get((int) (texts[i] >>> 32))[(int) texts[i]];
    }

    private String key(int i) {
        byte[] chunk = chunks.get((int) (texts[i] >>> 32));
        return text(chunk, (int) texts[i] + 1);
    }

    private static String text(byte[] chunk, int at) {
        int length = ((chunk[at] & 0xFF) << 8) | (chunk[at + 1] & 0xFF);
        return new String(chunk, at + 2, length, StandardCharsets.UTF_8);
    }
}
