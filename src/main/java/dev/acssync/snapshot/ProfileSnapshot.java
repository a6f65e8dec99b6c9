package dev.acssync.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * hashed keys. Kept compactly (the texts as UTF-8 in 1 MB chunks, the rest in arrays: about 100 bytes a profile), so
 * a file of a million records fits in a small heap whatever the tenant's size. A record is answered only from
 * profiles whose full key matches its own: a hash collision is never taken for a match. It lives in memory for its
 * run only.
 */
public final class ProfileSnapshot {
    private static final int CHUNK = 1 << 20;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final FileKeys wanted;
    private final String customField;
    // the kept profiles, by index: the hash of the key they were kept for, where their texts are, their unit
    private long[] hashes = new long[1024];
    private long[] texts = new long[1024];
    private int[] units = new int[1024];
    private int size;
    private final List<byte[]> chunks = new ArrayList<>();
    private int chunkUsed = CHUNK;
    private final List<String> unitPKeys = new ArrayList<>();
    private final Map<String, Integer> unitIndex = new HashMap<>();
    // open addressing by hash (index + 1, 0 = free), built when the listing is complete
    private int[] table;
    private long profilesListed;
    private int pages;

    ProfileSnapshot(FileKeys wanted, String customField) {
        this.wanted = wanted;
        this.customField = customField;
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
                keepIfWanted(KeyHash.PKEY, KeyHash.pkey(pkey), pkey, pkey, unit);
            }
            String email = profile.path("email").asText("");
            if (wanted.namesEmails() && !email.isEmpty()) {
                keepIfWanted(KeyHash.EMAIL, KeyHash.email(email), email, pkey, unit);
            }
            String custom = customField == null ? "" : profile.path(customField).asText("");
            if (wanted.namesCustomKeys() && !custom.isEmpty()) {
                keepIfWanted(KeyHash.CUSTOM, KeyHash.custom(custom), custom, pkey, unit);
            }
        }
        profilesListed += listed;
        return listed;
    }

    private void keepIfWanted(char kind, long hash, String key, String pkey, String unit) {
        if (!wanted.wants(hash)) {
            return;
        }
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        byte[] pkeyBytes = kind == KeyHash.PKEY ? new byte[0] : pkey.getBytes(StandardCharsets.UTF_8);
        if (keyBytes.length > 0xFFFF || pkeyBytes.length > 0xFFFF) {
            return; // not kept: such a record is looked up as usual
        }
        if (size == hashes.length) {
            int grown = size + (size >> 1);
            hashes = Arrays.copyOf(hashes, grown);
            texts = Arrays.copyOf(texts, grown);
            units = Arrays.copyOf(units, grown);
        }
        hashes[size] = hash;
        texts[size] = write(kind, keyBytes, pkeyBytes);
        units[size] = unit.isEmpty() ? -1 : unitIndex.computeIfAbsent(unit, u -> {
            unitPKeys.add(u);
            return unitPKeys.size() - 1;
        });
        size++;
    }

    // [kind][key length: 2 bytes][key][PKey length: 2 bytes][PKey], never across two chunks
    private long write(char kind, byte[] key, byte[] pkey) {
        int length = 5 + key.length + pkey.length;
        if (chunkUsed + length > CHUNK) {
            chunks.add(new byte[Math.max(CHUNK, length)]);
            chunkUsed = 0;
        }
        byte[] chunk = chunks.get(chunks.size() - 1);
        int at = chunkUsed;
        chunk[at] = (byte) kind;
        putText(chunk, at + 1, key);
        putText(chunk, at + 3 + key.length, pkey);
        chunkUsed += length;
        return ((long) (chunks.size() - 1) << 32) | at;
    }

    private static void putText(byte[] chunk, int at, byte[] text) {
        chunk[at] = (byte) (text.length >>> 8);
        chunk[at + 1] = (byte) text.length;
        System.arraycopy(text, 0, chunk, at + 2, text.length);
    }

    /** The listing has ended: from now on records are answered from it. */
    void complete() {
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
     * As byEmail would answer for this email, from the snapshot: every profile whose email is the same ignoring case
     * ({@code {"content":[{"PKey","email","orgUnit":{"PKey"}}]}}), for the same exactly-one-match rule; null when the
     * snapshot has none (the record is then looked up).
     */
    JsonNode byEmail(String email) {
        return byEmail(email, KeyHash.email(email));
    }

    // the hash apart, so a test can make two emails collide
    JsonNode byEmail(String email, long hash) {
        ArrayNode content = JSON.arrayNode();
        for (int i : candidates(hash)) {
            if (kind(i) == KeyHash.EMAIL && key(i).equalsIgnoreCase(email)) {
                content.add(profile(pkey(i), units[i]).put("email", key(i)));
            }
        }
        return content.isEmpty() ? null : JSON.objectNode().set("content", content);
    }

    /** As the custom filter would answer for this key (the field as ACS names it), or null when the snapshot has none. */
    JsonNode byCustomKey(String key) {
        ArrayNode content = JSON.arrayNode();
        for (int i : candidates(KeyHash.custom(key))) {
            if (kind(i) == KeyHash.CUSTOM && key(i).equals(key)) {
                content.add(profile(pkey(i), units[i]).put(customField, key(i)));
            }
        }
        return content.isEmpty() ? null : JSON.objectNode().set("content", content);
    }

    /** The profile with this PKey ({@code {"PKey","orgUnit":{"PKey"}}}), or null when the snapshot does not have it. */
    JsonNode byPKey(String pkey) {
        for (int i : candidates(KeyHash.pkey(pkey))) {
            if (kind(i) == KeyHash.PKEY && key(i).equals(pkey)) {
                return profile(pkey, units[i]);
            }
        }
        return null;
    }

    private ObjectNode profile(String pkey, int unit) {
        ObjectNode profile = JSON.objectNode().put("PKey", pkey);
        if (unit >= 0) {
            profile.putObject("orgUnit").put("PKey", unitPKeys.get(unit));
        }
        return profile;
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

    private String pkey(int i) {
        byte[] chunk = chunks.get((int) (texts[i] >>> 32));
        int at = (int) texts[i] + 1;
        int keyLength = ((chunk[at] & 0xFF) << 8) | (chunk[at + 1] & 0xFF);
        String pkey = text(chunk, at + 2 + keyLength);
        return pkey.isEmpty() ? key(i) : pkey;
    }

    private static String text(byte[] chunk, int at) {
        int length = ((chunk[at] & 0xFF) << 8) | (chunk[at + 1] & 0xFF);
        return new String(chunk, at + 2, length, StandardCharsets.UTF_8);
    }
}
