package dev.acssync.acs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileReader;
import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped retry defaults (config/application.properties, and the back-off multiplier in the error policy's route)
 * against the fault mix the README promises to survive: 20% 503 and 10% 429 on every call. A record must exhaust its
 * retries with a probability below one in a million, while a call that keeps failing still ends, at the latest after
 * acs.retry.give-up-after.
 */
class RetryBudgetTest {
    private static final double FAULT_SHARE = 0.2 + 0.1;
    /** Camel's collision avoidance spreads each back-off delay by up to 15% either way: count the longest. */
    private static final double JITTER = 1.15;

    private static Properties shipped() throws IOException {
        Properties p = new Properties();
        try (FileReader r = new FileReader("config/application.properties")) {
            p.load(r);
        }
        return p;
    }

    /** The backOffMultiplier of the transient-fault policy (acs-unavailable): a literal in its route file. */
    static double shippedBackOffMultiplier() throws IOException {
        try (FileReader r = new FileReader("routes/error-handling/record-errors.camel.yaml")) {
            JsonNode file = new ObjectMapper().valueToTree(new Yaml().load(r));
            for (JsonNode entry : file.path(0).path("routeConfiguration").path("onException")) {
                JsonNode onException = entry.path("onException");
                if ("acs-unavailable".equals(onException.path("id").asText())) {
                    JsonNode multiplier = onException.path("redeliveryPolicy").path("backOffMultiplier");
                    assertThat(multiplier.isNumber()).as("acs-unavailable's backOffMultiplier is a number").isTrue();
                    return multiplier.doubleValue();
                }
            }
        }
        throw new AssertionError("record-errors.camel.yaml has no onException acs-unavailable");
    }

    /** The fewest tries a call gets before its give-up time, every fault taking the longest back-off. */
    static int fewestTries(Properties p, double multiplier) {
        long budget = Duration.parse(p.getProperty("acs.retry.give-up-after")).toMillis();
        double delay = Long.parseLong(p.getProperty("acs.retry.initial-delay-ms"));
        long max = Long.parseLong(p.getProperty("acs.retry.max-delay-ms"));
        double elapsed = 0;
        int tries = 1;
        while (true) {
            elapsed += Math.min(delay, max) * JITTER;
            if (elapsed >= budget) {
                return tries;
            }
            tries++;
            delay *= multiplier;
        }
    }

    @Test
    void underTheFaultMixARecordExhaustsItsRetriesLessThanOnceInAMillion() throws IOException {
        int tries = fewestTries(shipped(), shippedBackOffMultiplier());
        double perCall = Math.pow(FAULT_SHARE, tries);
        double perEmailRecord = 1 - Math.pow(1 - perCall, 2); // a byEmail GET and a PATCH

        assertThat(tries).isGreaterThanOrEqualTo(14);
        assertThat(perEmailRecord).isLessThan(1e-6);
        // and 10,000 such records: fewer than one chance in a hundred of a single dead letter
        assertThat(1 - Math.pow(1 - perEmailRecord, 10_000)).isLessThan(0.01);
    }

    @Test
    void aCallThatKeepsFailingEndsWithinItsGiveUpTime() throws IOException {
        Properties p = shipped();
        Duration budget = Duration.parse(p.getProperty("acs.retry.give-up-after"));
        long maxDelay = Long.parseLong(p.getProperty("acs.retry.max-delay-ms"));
        // the last try starts before the budget runs out and waits at most one back-off delay
        assertThat(budget.plusMillis((long) (maxDelay * JITTER))).isLessThanOrEqualTo(Duration.ofMinutes(6));
    }
}
