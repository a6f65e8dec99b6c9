package dev.acssync.sandbox;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the sandbox inside the service when {@code acs.sandbox.enabled=true}, before Camel starts its routes
 * (Spring creates this bean before the Camel context is started).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "acs.sandbox.enabled", havingValue = "true")
class SandboxConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    public AcsSandbox acsSandbox(SandboxProperties p) {
        SandboxProperties.StartFaults f = p.faults();
        // the profile listing's threshold and cap keep ACS's defaults here; tests and the command line change them
        return new AcsSandbox(new SandboxSettings(p.host(), p.port(), p.organization(), p.clientId(), p.clientSecret(),
                p.tokenLifetime(), p.pageSize(), p.relativeNextLinks(), p.syntheticUnits(), p.syntheticProfiles(),
                SandboxSettings.DEFAULT_BIG_TABLE_THRESHOLD, SandboxSettings.DEFAULT_PROFILE_PAGE_CAP, p.threads(), Faults.atRandom(f.latencyMs(), f.latencyJitterMs(), f.share429(), f.share503(), f.retryAfterSeconds())));
    }
}
