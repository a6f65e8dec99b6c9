package dev.acssync.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hawtio asks {@code /actuator/hawtio/user} who is logged in. With Hawtio's own login off (Spring Security logs users
 * in), Hawtio answers "public" and then hides "Log out" in its user menu; this answers with the Spring Security
 * user instead, so the menu offers to log out (Hawtio's {@code auth/logout} then ends the Spring session).
 */
@Configuration(proxyBeanMethods = false)
class HawtioUser {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> hawtioUserFilter() {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws IOException {
                String name = request.getUserPrincipal() == null ? "public" : request.getUserPrincipal().getName();
                response.setContentType("application/json");
                response.getOutputStream().write(("\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                        .getBytes(StandardCharsets.UTF_8));
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/actuator/hawtio/user", "/actuator/hawtio/user/*");
        return registration;
    }
}
