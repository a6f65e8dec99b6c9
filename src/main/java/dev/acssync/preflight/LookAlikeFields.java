package dev.acssync.preflight;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The fields of a resource that look like one that is missing: the same name once case, underscores and the
 * {@code cus} prefix of custom fields are set aside, or one or two letters apart ({@code cusCrmid}, {@code crm_id},
 * {@code cusCrmId} for {@code crmId}). A hint for the operator, never a guess the service acts on.
 */
final class LookAlikeFields {
    private LookAlikeFields() {
    }

    /** The look-alikes of {@code wanted} (or of the record's column {@code alsoLike}) among {@code found}, in their order. */
    static List<String> of(String wanted, String alsoLike, Iterator<String> found) {
        List<String> alike = new ArrayList<>();
        found.forEachRemaining(name -> {
            if (looksLike(name, wanted) || (alsoLike != null && looksLike(name, alsoLike))) {
                alike.add(name);
            }
        });
        return alike;
    }

    static boolean looksLike(String field, String wanted) {
        String a = bare(field);
        String b = bare(wanted);
        return !a.isEmpty() && !b.isEmpty() && (a.equals(b) || (Math.min(a.length(), b.length()) > 3 && distance(a, b) <= 2));
    }

    /** Lower case, without '_', without the prefix of a custom field ("cus" then a capital or '_': not "customerId"). */
    private static String bare(String name) {
        String unprefixed = name.matches("cus[A-Z_].*") ? name.substring(3) : name;
        return unprefixed.toLowerCase(Locale.ROOT).replace("_", "");
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
