package dev.acssync.acs;

import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The threads that run records in parallel, shared by every source: this bounds how many ACS calls are in flight.
 * The queue is short and a full queue makes the reading thread run the record itself, so a huge file is read only
 * as fast as records finish: memory does not grow with the file.
 */
@Configuration(proxyBeanMethods = false)
public class ConcurrencyConfiguration {

    @Bean(destroyMethod = "")
    public ExecutorService acsWorkers(CamelContext camel, AcsProperties acs) {
        int concurrency = acs.concurrency();
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder("acs-workers")
                .poolSize(concurrency)
                .maxPoolSize(concurrency)
                .maxQueueSize(concurrency)
                .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns)
                .build();
        return camel.getExecutorServiceManager().newThreadPool(this, "acs-worker", profile);
    }
}
