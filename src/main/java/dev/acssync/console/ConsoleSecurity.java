package dev.acssync.console;

import dev.acssync.vocabulary.DemoPassword;
import org.springframework.beans.factory.annotation.Value;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import dev.acssync.vocabulary.ConfigurationMistakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * Nobody reaches Hawtio, Jolokia or the actuator endpoints without logging in (form login for the console, HTTP
 * basic for scripts); only the liveness and readiness probes are open, and they answer a status only. Two roles
 * ({@link ConsoleProperties}): what each may do over Jolokia is {@link JolokiaAccess}'s job. A request from a foreign
 * web origin is refused ({@link SameOriginFilter}), so a script's basic-auth POST needs no CSRF token while a
 * browser session's does.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurity {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurity.class);
    static final String VIEWER = "VIEWER";
    static final String OPERATOR = "OPERATOR";

    @Bean
    SecurityFilterChain consoleFilterChain(HttpSecurity http, LoginThrottle throttle) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                        // let a refusal (403, 404) render as itself instead of turning into a login challenge
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .anyRequest().hasAnyRole(VIEWER, OPERATOR))
                // after logging in, the engineer lands on the list of routes (Hawtio would open the combined diagram)
                .formLogin(form -> form.defaultSuccessUrl("/actuator/hawtio/camel/routes", true))
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(hawtioCsrfHandler())
                        // a browser never sends a basic-auth request across origins here (SameOriginFilter)
                        .ignoringRequestMatchers(ConsoleSecurity::isBasicAuth))
                .addFilterBefore(new SameOriginFilter(), CsrfFilter.class)
                // an address guessing passwords waits longer before each try (never an account locked)
                .addFilterBefore(throttle.filter(), UsernamePasswordAuthenticationFilter.class)
                .headers(h -> h.frameOptions(f -> f.sameOrigin()));
        return http.build();
    }

    static boolean isBasicAuth(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    /**
     * Hawtio's page posts every Jolokia request with the {@code XSRF-TOKEN} cookie's value copied into an
     * {@code X-XSRF-TOKEN} header, so the token travels raw (no BREACH masking) and the cookie is written on every
     * answer (no deferred loading), or the console's first POST is refused and Hawtio logs itself out.
     */
    private static CsrfTokenRequestAttributeHandler hawtioCsrfHandler() {
        CsrfTokenRequestAttributeHandler handler = new CsrfTokenRequestAttributeHandler();
        handler.setCsrfRequestAttributeName(null);
        return handler;
    }

    /** Before every other filter, on every path of the console's port (probes included): see {@link AllowedHosts}. */
    @Bean
    FilterRegistrationBean<AllowedHosts> allowedHosts(ConsoleProperties console) {
        FilterRegistrationBean<AllowedHosts> registration = new FilterRegistrationBean<>(new AllowedHosts(console.allowedHosts()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    UserDetailsService consoleUsers(ConsoleProperties console, @Value(DemoPassword.SANDBOX_ENABLED) boolean sandbox, ServerProperties server) {
        return consoleUsers(console, sandbox, server.getAddress() == null ? "" : server.getAddress().getHostAddress());
    }

    UserDetailsService consoleUsers(ConsoleProperties console, boolean sandbox, String address) {
        checkExposure(console, sandbox, address);
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        List<UserDetails> users = new ArrayList<>();
        if (console.operator().exists()) {
            users.add(User.withUsername(console.operator().username()).password(encoder.encode(console.operator().password()))
                    .roles(OPERATOR).build());
        }
        if (console.viewer() != null && console.viewer().exists()) {
            users.add(User.withUsername(console.viewer().username()).password(encoder.encode(console.viewer().password()))
                    .roles(VIEWER).build());
        }
        if (users.isEmpty()) {
            LOG.warn("No console password (SYNC_CONSOLE_PASSWORD): Hawtio, Jolokia and the actuator are locked");
        }
        return new InMemoryUserDetailsManager(users);
    }

    /**
     * The start-up rules: the console never listens beyond loopback without a real operator password, and the
     * sandbox's demo password is accepted only with the sandbox, on loopback.
     */
    static void checkExposure(ConsoleProperties console, boolean sandbox, String address) {
        boolean loopback = isLoopback(address);
        if (!console.operator().exists() && !loopback) {
            throw new ConfigurationMistakeException("The console listens on " + describe(address) + " but has no password",
                    "Set SYNC_CONSOLE_PASSWORD, or keep server.address=127.0.0.1.");
        }
        for (ConsoleProperties.Login login : logins(console)) {
            if (!DemoPassword.is(login.password())) {
                continue;
            }
            if (!sandbox) {
                throw new ConfigurationMistakeException("The console login '" + login.username() + "' still uses the "
                        + "sandbox's demo password while the sandbox is off",
                        "Set SYNC_CONSOLE_PASSWORD (and SYNC_CONSOLE_VIEWER_PASSWORD, or leave it empty).");
            }
            if (!loopback) {
                throw new ConfigurationMistakeException("The console listens on " + describe(address) + " with the sandbox's "
                        + "demo password for '" + login.username() + "': the demo password is for loopback only",
                        "Set SYNC_CONSOLE_PASSWORD (and SYNC_CONSOLE_VIEWER_PASSWORD), or keep server.address=127.0.0.1.");
            }
        }
    }

    private static List<ConsoleProperties.Login> logins(ConsoleProperties console) {
        return console.viewer() == null ? List.of(console.operator()) : List.of(console.operator(), console.viewer());
    }

    private static String describe(String address) {
        return address == null || address.isBlank() ? "every network interface" : address;
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false; // all interfaces
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
