package dev.acssync.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The org units and profiles the sandbox serves. Seeded with the units of Adobe's example (brand1..brand4 under
 * "All (all)") plus enough others to need two pages, and the profiles used by {@code examples/}.
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
        volatile String orgUnitPKey;

        Profile(String pkey, String email, String crmId, String firstName, String lastName, String orgUnitPKey) {
            this.pkey = pkey;
            this.email = email;
            this.crmId = crmId;
            this.firstName = firstName;
            this.lastName = lastName;
            this.orgUnitPKey = orgUnitPKey;
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

    private final Map<String, OrgUnit> unitsByPKey = new LinkedHashMap<>();
    private final Map<String, Profile> profilesByPKey = new LinkedHashMap<>();
    private final Map<String, List<Profile>> profilesByEmail = new java.util.HashMap<>();

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
            addProfile(new Profile(profilePKey(key), p[0], String.format(Locale.ROOT, "CRM-%04d", profilesByPKey.size() + 1),
                    p[1], p[2], unitPKey(ROOT_UNIT)));
        }
        for (int i = 1; i <= syntheticProfiles; i++) {
            addProfile(new Profile(syntheticProfilePKey(i), syntheticEmail(i), String.format(Locale.ROOT, "CRM-S%07d", i),
                    "User", String.valueOf(i), unitPKey(ROOT_UNIT)));
        }
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
        return String.format(Locale.ROOT, "user%07d@synthetic.example", i);
    }

    static String syntheticProfilePKey(int i) {
        return profilePKey(syntheticEmail(i));
    }

    private void addUnit(OrgUnit unit) {
        unitsByPKey.put(unit.pkey(), unit);
    }

    private void addProfile(Profile profile) {
        profilesByPKey.put(profile.pkey, profile);
        profilesByEmail.computeIfAbsent(profile.email.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(profile);
    }

    synchronized List<OrgUnit> units() {
        return new ArrayList<>(unitsByPKey.values());
    }

    synchronized Optional<OrgUnit> unit(String pkey) {
        return Optional.ofNullable(unitsByPKey.get(pkey));
    }

    synchronized Optional<Profile> profile(String pkey) {
        return Optional.ofNullable(profilesByPKey.get(pkey));
    }

    /** Case-insensitive match: ACS does not document it, so the client must verify matches itself. */
    synchronized List<Profile> profilesByEmail(String email) {
        return new ArrayList<>(profilesByEmail.getOrDefault(email.toLowerCase(Locale.ROOT), List.of()));
    }

    synchronized List<Profile> profilesByCrmId(String crmId) {
        return profilesByPKey.values().stream().filter(p -> p.crmId.equals(crmId)).toList();
    }

    synchronized Collection<Profile> profiles() {
        return new ArrayList<>(profilesByPKey.values());
    }
}
