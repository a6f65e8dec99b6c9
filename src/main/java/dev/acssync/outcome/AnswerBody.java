package dev.acssync.outcome;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Request/reply to the per-record pipeline: {@code enrich} sends a copy of the record's exchange to assign-org-unit and
 * this keeps only its answer, the outcome, as the body. A plain {@code to} would not do: when the pipeline's error
 * policy has turned a failure into a dead letter, Camel stops routing the exchange that failed, so the caller would
 * never write that dead letter out.
 */
@Component("answerBody")
public class AnswerBody implements AggregationStrategy {
    @Override
    public Exchange aggregate(Exchange request, Exchange answer) {
        if (answer.getException() != null) {
            request.setException(answer.getException());
        } else {
            request.getMessage().setBody(answer.getMessage().getBody());
        }
        return request;
    }
}
