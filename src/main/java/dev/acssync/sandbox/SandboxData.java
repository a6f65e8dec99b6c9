package dev.acssync.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The org units and profiles the sandbox serves. Seeded with the units of Adobe's example (brand1..brand4 under
 * "All (all)") plus enough others to need two pages, and the profiles used by {@code examples/}.
 * <p>
 * Profiles are listed in insertion order: the seed profiles, then the synthetic ones, then those added by
 * {@link #addProfile}. Synthetic profiles are virtual so that millions fit in little memory: profile {@code i} is
 * derived from {@code i}, except its org unit (an index in {@link #syntheticUnitOf}); lookups parse the key, email
 * or CRM id instead of using maps, and a {@link Profile} of one is a view made on demand.
 */
final class SandboxData {

    record OrgUnit(String pkey, String name, String label, String title, String parentTitle) {
    }

    static final class Profile {
        final String pkey;
        final String email;
        final String firstName;
        final String lastName;
        /** A custom key, as a tenant's CRM id on the extended resource (custom filter byCrmId). */
        final String crmId;
        /** The org unit when this view was made: change it with {@link SandboxData#assignUnit}. */
        volatile String orgUnitPKey;
        /** Where the profile is in the listing (0 first). */
        final int position;
        /** i for synthetic profile i (a view), 0 for a stored profile. */
        final int synthetic;

        Profile(String pkey, String email, String crmId, String firstName, String lastName, String orgUnitPKey,
                int position, int synthetic) {
            this.pkey = pkey;
            this.email = email;
            this.crmId = crmId;
            this.firstName = firstName;
            this.lastName = lastName;
            this.orgUnitPKey = orgUnitPKey;
            this.position = position;
            this.synthetic = synthetic;
        }
    }

    static final String ROOT_UNIT = "all";

    private static final String[] SEED_UNITS = {
        "emea", "amer", "apac", "france", "germany", "spain", "italy", "uk", "benelux", "nordics",
        "usa", "canada", "brazil", "mexico", "japan", "australia", "india", "singapore",
        "retail", "wholesale", "online", "partners", "b2b", "b2c", "loyalty-gold", "loyalty-silver",
        "loyalty-bronze", "press", "staff", "test"
    };

    /** email, first name, last name; the two "shared.mailbox" entries make an ambiguous email on purpose. */
    private static final String[][] SEED_PROFILES = {
        {"alice.martin@example.com", "Alice", "Martin"},
        {"bob.dupont@example.com", "Bob", "Dupont"},
        {"carla.rossi@example.com", "Carla", "Rossi"},
        {"david.smith@example.com", "David", "Smith"},
        {"emma.jones@example.com", "Emma", "Jones"},
        {"farid.haddad@example.com", "Farid", "Haddad"},
        {"grace.lee@example.com", "Grace", "Lee"},
        {"hugo.bernard@example.com", "Hugo", "Bernard"},
        {"ivan.petrov@example.com", "Ivan", "Petrov"},
        {"julia.schmidt@example.com", "Julia", "Schmidt"},
        {"shared.mailbox@example.com", "Shared", "Mailbox One"},
        {"shared.mailbox@example.com", "Shared", "Mailbox Two"},
    };

    private static final Pattern SYNTHETIC_EMAIL = Pattern.compile("user(\\d{7,10})@synthetic\\.example");
    private static final Pattern SYNTHETIC_CRM_ID = Pattern.compile("CRM-S(\\d{7,10})");

    private final Map<String, OrgUnit> unitsByPKey = new LinkedHashMap<>();
    private final List<OrgUnit> unitList = new ArrayList<>();
    private final Map<String, Integer> unitIndexByPKey = new HashMap<>();

    /** Seed profiles, then added ones, in insertion order; synthetic profiles sit between the two in the listing. */
    private final List<Profile> stored = new ArrayList<>();
    private final int seedCount;
    private final Map<String, Profile> profilesByPKey = new HashMap<>();
    private final Map<String, List<Profile>> profilesByEmail = new HashMap<>();
    private final Map<String, List<Profile>> profilesByCrmId = new HashMap<>();

    private final int syntheticCount;
    /** The org unit of synthetic profile i, at i - 1, as an index in {@link #unitList}: the one thing PATCH changes. */
    private final int[] syntheticUnitOf;

    SandboxData(int syntheticUnits, int syntheticProfiles) {
        String allTitle = "All (all)";
        addUnit(new OrgUnit(unitPKey(ROOT_UNIT), ROOT_UNIT, "All", allTitle, ""));
        for (int i = 1; i <= 4; i++) {
            // Adobe's own sample shows brand4 titled "Brand 4 (brand1)": titles are not reliable, names are.
            String title = i == 4 ? "Brand 4 (brand1)" : "Brand " + i + " (brand" + i + ")";
            addUnit(new OrgUnit(unitPKey("brand" + i), "brand" + i, "Brand " + i, title, allTitle));
        }
        for (String name : SEED_UNITS) {
            String label = Character.toUpperCase(name.charAt(0)) + name.substring(1).replace('-', ' ');
            addUnit(new OrgUnit(unitPKey(name), name, label, label + " (" + name + ")", allTitle));
        }
        for (int i = 1; i <= syntheticUnits; i++) {
            String name = syntheticUnitName(i);
            addUnit(new OrgUnit(unitPKey(name), name, "Unit " + i, "Unit " + i + " (" + name + ")", allTitle));
        }
        int duplicate = 0;
        for (String[] p : SEED_PROFILES) {
            String key = p[0].equals("shared.mailbox@example.com") ? p[0] + "#" + (++duplicate) : p[0];
            store(new Profile(profilePKey(key), p[0], String.format(Locale.ROOT, "CRM-%04d", stored.size() + 1),
                    p[1], p[2], unitPKey(ROOT_UNIT), stored.size(), 0));
        }
        seedCount = stored.size();
        syntheticCount = syntheticProfiles;
        syntheticUnitOf = new int[syntheticProfiles]; // all 0: the root unit
    }

    /** PKeys look like ACS ones: '@' then URL-safe base64, derived from the name so examples can name them. */
    static String unitPKey(String name) {
        return "@" + Base64.getUrlEncoder().withoutPadding().encodeToString(("orgUnit/" + name).getBytes(StandardCharsets.UTF_8));
    }

    static String profilePKey(String key) {
        return "@" + Base64.getUrlEncoder().withoutPadding().encodeToString(("profile/" + key).getBytes(StandardCharsets.UTF_8));
    }

    static String syntheticUnitName(int i) {
        return String.format(Locale.ROOT, "unit-%05d", i);
    }

    static String syntheticEmail(int i) {
        return "user" + sevenDigits(i) + "@synthetic.example";
    }

    static String syntheticCrmId(int i) {
        return "CRM-S" + sevenDigits(i);
    }

    /** i with leading zeros to seven digits, as %07d (String.format costs more than the rest of a listed profile). */
    private static String sevenDigits(int i) {
        String digits = Integer.toString(i);
        return digits.length() >= 7 ? digits : "0000000".substring(digits.length()) + digits;
    }

    static String syntheticProfilePKey(int i) {
        return profilePKey(syntheticEmail(i));
    }

    private void addUnit(OrgUnit unit) {
        unitsByPKey.put(unit.pkey(), unit);
        unitIndexByPKey.put(unit.pkey(), unitList.size());
        unitList.add(unit);
    }

    private void store(Profile profile) {
        stored.add(profile);
        profilesByPKey.put(profile.pkey, profile);
        profilesByEmail.computeIfAbsent(profile.email.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(profile);
        profilesByCrmId.computeIfAbsent(profile.crmId, k -> new ArrayList<>()).add(profile);
    }

    synchronized List<OrgUnit> units() {
        return new ArrayList<>(unitsByPKey.values());
    }

    synchronized Optional<OrgUnit> unit(String pkey) {
        return Optional.ofNullable(unitsByPKey.get(pkey));
    }

    synchronized Optional<OrgUnit> unitNamed(String name) {
        return unitList.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    synchronized Optional<Profile> profile(String pkey) {
        Profile found = profilesByPKey.get(pkey);
        if (found != null) {
            return Optional.of(found);
        }
        int i = syntheticOfPKey(pkey);
        return i == 0 ? Optional.empty() : Optional.of(synthetic(i));
    }

    /** Case-insensitive match: ACS does not document it, so the client must verify matches itself. */
    synchronized List<Profile> profilesByEmail(String email) {
        String lower = email.toLowerCase(Locale.ROOT);
        return inListingOrder(profilesByEmail.getOrDefault(lower, List.of()), syntheticOfEmail(lower));
    }

    synchronized List<Profile> profilesByCrmId(String crmId) {
        return inListingOrder(profilesByCrmId.getOrDefault(crmId, List.of()), syntheticOfCrmId(crmId));
    }

    synchronized int profileCount() {
        return stored.size() + syntheticCount;
    }

    /** Profiles {@code start} to {@code start + count - 1} of the listing (fewer at its end): costs the page, not the tenant. */
    synchronized List<Profile> profilesPage(int start, int count) {
        int end = (int) Math.min((long) start + count, profileCount());
        List<Profile> page = new ArrayList<>(Math.max(0, end - start));
        for (int i = Math.max(0, start); i < end; i++) {
            page.add(profileAt(i));
        }
        return page;
    }

    /** A new profile at the end of the listing; an email already used gets a PKey of its own (as the seed's shared mailbox). */
    synchronized Profile addProfile(String email, String crmId, String orgUnitPKey) {
        String pkey = profilePKey(email);
        for (int n = 2; profile(pkey).isPresent(); n++) {
            pkey = profilePKey(email + "#" + n);
        }
        int added = stored.size() - seedCount + 1;
        Profile profile = new Profile(pkey, email, crmId, "Added", String.valueOf(added), orgUnitPKey, profileCount(), 0);
        store(profile);
        return profile;
    }

    /** PATCH's change of a profile's unit: a synthetic profile's is kept in {@link #syntheticUnitOf}, not in its view. */
    synchronized void assignUnit(Profile profile, String orgUnitPKey) {
        Integer unit = unitIndexByPKey.get(orgUnitPKey);
        if (unit == null) {
            throw new IllegalArgumentException("no org unit " + orgUnitPKey);
        }
        if (profile.synthetic > 0) {
            syntheticUnitOf[profile.synthetic - 1] = unit;
        }
        profile.orgUnitPKey = orgUnitPKey;
    }

    private Profile profileAt(int position) {
        if (position < seedCount) {
            return stored.get(position);
        }
        if (position < seedCount + syntheticCount) {
            return synthetic(position - seedCount + 1);
        }
        return stored.get(position - syntheticCount);
    }

    /** The view of synthetic profile i (1-based). */
    private Profile synthetic(int i) {
        String email = syntheticEmail(i);
        return new Profile(profilePKey(email), email, syntheticCrmId(i), "User", String.valueOf(i),
                unitList.get(syntheticUnitOf[i - 1]).pkey(), seedCount + i - 1, i);
    }

    /** Stored matches and the synthetic match (0: none), in listing order: seeds, the synthetic one, added ones. */
    private List<Profile> inListingOrder(List<Profile> storedMatches, int synthetic) {
        List<Profile> out = new ArrayList<>(storedMatches);
        if (synthetic > 0) {
            out.add(synthetic(synthetic));
            out.sort((a, b) -> Integer.compare(a.position, b.position));
        }
        return out;
    }

    /** The synthetic profile a PKey names (0: none), decoded from the key rather than looked up. */
    private int syntheticOfPKey(String pkey) {
        if (syntheticCount == 0 || !pkey.startsWith("@")) {
            return 0;
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(pkey.substring(1)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return 0;
        }
        int i = decoded.startsWith("profile/") ? syntheticOfEmail(decoded.substring("profile/".length())) : 0;
        // another encoding of the same bytes is not the same key
        return i > 0 && syntheticProfilePKey(i).equals(pkey) ? i : 0;
    }

    /** The synthetic profile with this (lower-case) email (0: none). */
    private int syntheticOfEmail(String email) {
        return syntheticIndex(SYNTHETIC_EMAIL.matcher(email), email, SandboxData::syntheticEmail);
    }

    /** The synthetic profile with this CRM id, exactly (0: none). */
    private int syntheticOfCrmId(String crmId) {
        return syntheticIndex(SYNTHETIC_CRM_ID.matcher(crmId), crmId, SandboxData::syntheticCrmId);
    }

    /** i when the text is exactly what synthetic profile i has (no other zero padding), 0 otherwise. */
    private int syntheticIndex(Matcher m, String text, java.util.function.IntFunction<String> format) {
        if (!m.matches()) {
            return 0;
        }
        long i = Long.parseLong(m.group(1));
        return i >= 1 && i <= syntheticCount && format.apply((int) i).equals(text) ? (int) i : 0;
    }
}
