package dev.acssync.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The console's two logins ({@code sync.console.*}). The viewer reads: routes, diagrams, statistics, health and
 * metrics. The operator also starts and stops routes, refreshes the org-unit directory, changes the rate limit,
 * browses and moves dead letters and takes thread dumps. A blank password means "no such user".
 *
 * @param operator the login allowed to operate the service
 * @param viewer the read-only login
 * @param allowedHosts the host names the console answers to besides IP literals (comma-separated; those a reverse
 *                     proxy in front uses): a request naming another host is refused, as a page rebound by DNS to
 *                     this address sends its own
 */
@ConfigurationProperties("sync.console")
record ConsoleProperties(Login operator, Login viewer, java.util.List<String> allowedHosts) {

    /**
     * One login.
     *
     * @param username the user name
     * @param password the password (from the environment); blank: this login does not exist
     */
    public record Login(String username, String password) {
        boolean exists() {
            return password != null && !password.isBlank();
        }
    }
}
