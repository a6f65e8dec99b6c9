package dev.acssync.acs;

import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The threads that run records in parallel: {@code acsWorkers} for the files ({@code acs.concurrency}), and a few of
 * their own for the JMS queue, so that a message is never queued behind the records of files that keep every file
 * thread busy (measured: a JMS record waited two minutes behind 20 running files). The rate limit is shared by all
 * and serves callers in turn. A full queue makes the submitting thread run the record itself, so a huge file is read
 * only as fast as records finish: memory does not grow with the file.
 */
@Configuration(proxyBeanMethods = false)
class ConcurrencyConfiguration {

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

    /** The JMS queue's records: four at a time (the rate limit, shared, is what bounds their calls). */
    @Bean(destroyMethod = "")
    public ExecutorService jmsWorkers(CamelContext camel) {
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder("jms-workers")
                .poolSize(JMS_WORKERS)
                .maxPoolSize(JMS_WORKERS)
                .maxQueueSize(JMS_WORKERS)
                .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns)
                .build();
        return camel.getExecutorServiceManager().newThreadPool(this, "jms-worker", profile);
    }

    static final int JMS_WORKERS = 4;
}
