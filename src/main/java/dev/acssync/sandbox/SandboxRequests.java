package dev.acssync.sandbox;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who may talk to the sandbox: a request naming a host that is neither an IP literal, {@code localhost} nor the
 * sandbox's own host is refused (DNS rebinding), and so is a change (any method but GET) of {@code /sandbox/*} from a
 * page of another origin.
 */
final class SandboxRequests {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private SandboxRequests() {
    }

    static boolean hostAllowed(String host, String ownHost) {
        if (host == null) {
            return true;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            return h.indexOf(']') > 0;
        }
        int colon = h.lastIndexOf(':');
        String name = colon >= 0 ? h.substring(0, colon) : h;
        return IPV4.matcher(name).matches() || name.equals("localhost") || name.equalsIgnoreCase(ownHost);
    }

    /** An {@code Origin} other than this server's own ({@code http://<Host>}); none at all is a script, not a page. */
    static boolean foreignOrigin(String origin, String host) {
        return origin != null && (host == null || !origin.trim().equalsIgnoreCase("http://" + host.trim()));
    }
}
