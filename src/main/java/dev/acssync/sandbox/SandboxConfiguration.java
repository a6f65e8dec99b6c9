package dev.acssync.sandbox;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the sandbox inside the service when {@code acs.sandbox.enabled=true}, before Camel starts its routes
 * (Spring creates this bean before the Camel context is started).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "acs.sandbox.enabled", havingValue = "true")
public class SandboxConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    public AcsSandbox acsSandbox(
            @Value("${acs.sandbox.host:127.0.0.1}") String host,
            @Value("${acs.sandbox.port:8089}") int port,
            @Value("${acs.sandbox.organization:sandbox-org}") String organization,
            @Value("${acs.sandbox.client-id:sandbox-client}") String clientId,
            @Value("${acs.sandbox.client-secret:sandbox-secret}") String clientSecret,
            @Value("${acs.sandbox.token-lifetime:PT23H59M59S}") Duration tokenLifetime,
            @Value("${acs.sandbox.page-size:25}") int pageSize,
            @Value("${acs.sandbox.relative-next-links:false}") boolean relativeNextLinks,
            @Value("${acs.sandbox.synthetic-units:0}") int syntheticUnits,
            @Value("${acs.sandbox.synthetic-profiles:0}") int syntheticProfiles,
            @Value("${acs.sandbox.threads:64}") int threads,
            @Value("${acs.sandbox.faults.latency-ms:0}") long latencyMs,
            @Value("${acs.sandbox.faults.latency-jitter-ms:0}") long latencyJitterMs,
            @Value("${acs.sandbox.faults.share-429:0}") double share429,
            @Value("${acs.sandbox.faults.share-503:0}") double share503,
            @Value("${acs.sandbox.faults.retry-after-seconds:1}") int retryAfterSeconds) {
        return new AcsSandbox(new SandboxSettings(host, port, organization, clientId, clientSecret, tokenLifetime,
                pageSize, relativeNextLinks, syntheticUnits, syntheticProfiles, threads,
                Faults.atRandom(latencyMs, latencyJitterMs, share429, share503, retryAfterSeconds)));
    }
}
