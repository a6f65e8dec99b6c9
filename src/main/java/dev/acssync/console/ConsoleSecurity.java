package dev.acssync.console;

import jakarta.servlet.DispatcherType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * Nobody reaches Hawtio, Jolokia or the actuator endpoints without logging in (form login for the console,
 * HTTP basic for scripts); only the liveness and readiness probes are open. The one user comes from configuration
 * ({@code sync.console.username}, {@code SYNC_CONSOLE_PASSWORD}). The sandbox configuration's demo password is
 * refused once the sandbox is off, and the service will not expose the console beyond localhost without a password.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurity {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurity.class);
    static final String SANDBOX_DEMO_PASSWORD = "sandbox";

    @Bean
    SecurityFilterChain consoleFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                        // let a refusal (403, 404) render as itself instead of turning into a login challenge
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.defaultSuccessUrl("/actuator/hawtio/", false))
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(hawtioCsrfHandler()))
                .headers(h -> h.frameOptions(f -> f.sameOrigin()));
        return http.build();
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

    @Bean
    UserDetailsService consoleUsers(@Value("${sync.console.username}") String username,
                                    @Value("${sync.console.password:}") String password,
                                    @Value("${acs.sandbox.enabled:false}") boolean sandbox,
                                    @Value("${server.address:}") String address) {
        if (password.isBlank() && !isLoopback(address)) {
            throw new IllegalStateException("The console listens on " + address + " but has no password: set "
                    + "SYNC_CONSOLE_PASSWORD, or keep server.address=127.0.0.1");
        }
        if (SANDBOX_DEMO_PASSWORD.equals(password) && !sandbox) {
            throw new IllegalStateException("The console still uses the sandbox's demo password while the sandbox is "
                    + "off: set SYNC_CONSOLE_PASSWORD");
        }
        if (password.isBlank()) {
            LOG.warn("No console password (SYNC_CONSOLE_PASSWORD): Hawtio, Jolokia and the actuator are locked");
            return new InMemoryUserDetailsManager();
        }
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(username).password(encoder.encode(password)).roles("ADMIN").build());
    }

    private static boolean isLoopback(String address) {
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
