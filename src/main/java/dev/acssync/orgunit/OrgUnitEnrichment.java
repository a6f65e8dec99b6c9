package dev.acssync.orgunit;

import dev.acssync.vocabulary.OrgUnit;
import dev.acssync.record.SyncRecord;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** The content enricher's aggregation: the unit found (find-org-unit's answer) becomes the record's resolved unit. */
@Component("orgUnitEnrichment")
public class OrgUnitEnrichment implements AggregationStrategy {
    @Override
    public Exchange aggregate(Exchange original, Exchange lookup) {
        if (lookup.getException() != null) {
            original.setException(lookup.getException());
            return original;
        }
        original.getVariable("record", SyncRecord.class).setResolvedOrgUnit(lookup.getMessage().getBody(OrgUnit.class));
        return original;
    }
}
