package dev.acssync.orgunit;

import dev.acssync.record.SyncRecord;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Merges the content enricher's answer (the {@link OrgUnit}) into the record being processed. */
@Component("orgUnitEnrichment")
public class OrgUnitEnrichment implements AggregationStrategy {
    @Override
    public Exchange aggregate(Exchange original, Exchange lookup) {
        if (lookup.getException() != null) {
            original.setException(lookup.getException());
            return original;
        }
        SyncRecord record = original.getProperty("record", SyncRecord.class);
        record.setResolvedOrgUnit(lookup.getMessage().getBody(OrgUnit.class));
        return original;
    }
}
