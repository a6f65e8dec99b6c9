package dev.acssync.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The console's two logins ({@code sync.console.*}). The viewer reads: routes, diagrams, statistics, health and
 * metrics. The operator also starts and stops routes, refreshes the org-unit directory, changes the rate limit,
 * browses and moves dead letters and takes thread dumps. A blank password means "no such user".
 *
 * @param operator the login allowed to operate the service
 * @param viewer the read-only login
 */
@ConfigurationProperties("sync.console")
public record ConsoleProperties(Login operator, Login viewer) {

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
