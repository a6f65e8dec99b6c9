package dev.acssync.vocabulary;

/**
 * The demo password the shipped configuration gives the console and broker logins, so that a first run needs no
 * set-up. It is accepted only while the embedded sandbox runs ({@code acs.sandbox.enabled}), on loopback: the console
 * and the broker each refuse it otherwise.
 */
public final class DemoPassword {
    /** As written in config/application.properties' defaults. */
    public static final String VALUE = "sandbox";

    /** The property that says the embedded sandbox runs (read by name: production code imports nothing of it). */
    public static final String SANDBOX_ENABLED = "${acs.sandbox.enabled:false}";

    private DemoPassword() {
    }

    public static boolean is(String password) {
        return VALUE.equals(password);
    }
}
