package dev.acssync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The service. The auto-configurations excluded here come with the starters but serve nothing this service has
 * (no database, transactions, caches, aspects, Spring REST clients, WebSockets, Camel cloud or vault lookups, a
 * Hazelcast instance of Boot's making); each
 * one Spring parses and evaluates at start costs start-up time on a small machine (about 0.5 s for these on 2 cores).
 * Camel's component auto-configurations stay: they bind the camel.component.* settings users may add.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration",
        "org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration",
        "org.springframework.boot.autoconfigure.dao.PersistenceExceptionTranslationAutoConfiguration",
        // the Hazelcast member is the cluster mode's own (dev.acssync.cluster), never one a stray hazelcast.xml starts
        "org.springframework.boot.autoconfigure.hazelcast.HazelcastAutoConfiguration",
        "org.springframework.boot.autoconfigure.sql.init.SqlInitializationAutoConfiguration",
        "org.springframework.boot.autoconfigure.transaction.jta.JtaAutoConfiguration",
        "org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration",
        "org.springframework.boot.autoconfigure.web.client.RestTemplateAutoConfiguration",
        "org.springframework.boot.autoconfigure.websocket.servlet.WebSocketServletAutoConfiguration",
        "org.apache.camel.spring.boot.cloud.CamelCloudAutoConfiguration",
        "org.apache.camel.spring.boot.cloud.CamelCloudServiceCallConfigurationAutoConfiguration",
        "org.apache.camel.spring.boot.cloud.CamelCloudServiceChooserAutoConfiguration",
        "org.apache.camel.spring.boot.cloud.CamelCloudServiceDiscoveryAutoConfiguration",
        "org.apache.camel.spring.boot.cloud.CamelCloudServiceFilterAutoConfiguration",
        "org.apache.camel.spring.boot.vault.AwsVaultAutoConfiguration",
        "org.apache.camel.spring.boot.vault.AzureVaultAutoConfiguration",
        "org.apache.camel.spring.boot.vault.CyberArkVaultAutoConfiguration",
        "org.apache.camel.spring.boot.vault.GcpVaultAutoConfiguration",
        "org.apache.camel.spring.boot.vault.HashicorpVaultAutoConfiguration",
        "org.apache.camel.spring.boot.vault.IBMVaultAutoConfiguration",
        "org.apache.camel.spring.boot.vault.KubernetesConfigMapVaultAutoConfiguration",
        "org.apache.camel.spring.boot.vault.KubernetesVaultAutoConfiguration"})
@ConfigurationPropertiesScan
public class Application {
    public static void main(String[] args) {
        SpringApplication.run(Application.class, args);
    }
}
