package dev.acssync.snapshot;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * process-file's step choose-lookup runs on a copy of the file's exchange (the listing's calls change the body and
 * drop the headers); this takes back only its answer: the run's snapshot, as the exchange property {@code snapshot}
 * the records inherit, or nothing (a lookup a record). A file that cannot be read fails the step, as it would fail the run.
 */
@Component("lookupChoice")
public class LookupChoice implements AggregationStrategy {
    @Override
    public Exchange aggregate(Exchange file, Exchange choice) {
        if (choice.getException() != null) {
            file.setException(choice.getException());
        } else if (choice.getMessage().getBody() instanceof ProfileSnapshot snapshot) {
            file.setProperty("snapshot", snapshot);
        }
        return file;
    }
}
