package dev.acssync.snapshot;

import java.util.Locale;

/**
 * A profile key kept as 64 bits: which kind of key it is (an email ignoring case, the tenant's custom key, a PKey)
 * and its text. A hit is only ever a candidate: {@link ProfileSnapshot} confirms it on the full key it keeps.
 */
final class KeyHash {
    static final char EMAIL = 'e';
    static final char CUSTOM = 'c';
    static final char PKEY = 'p';

    private KeyHash() {
    }

    /**
     * An email's hash ignores case, as byEmail may: a record whose profile has its email in another case is then known
     * to the snapshot as one to look up, never taken for the profile.
     */
    static long email(String email) {
        return of(EMAIL, email.toLowerCase(Locale.ROOT));
    }

    static long custom(String key) {
        return of(CUSTOM, key);
    }

    static long pkey(String pkey) {
        return of(PKEY, pkey);
    }

    // FNV-1a over the kind and the characters, then MurmurHash3's finaliser to spread the bits
    private static long of(char kind, String text) {
        long h = 0xcbf29ce484222325L;
        h = (h ^ kind) * 0x100000001b3L;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
