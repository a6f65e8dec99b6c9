package dev.acssync.outcome;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What an unexpected failure may quote (the message's headers) never carries the ACS token into a log or a dead letter. */
class RecordOutcomesTest {

    @Test
    void aBearerTokenQuotedInAnExceptionIsMasked() {
        String quoted = "Method with name: CamelHttpResponseCode not found on bean: {Authorization=Bearer sandbox.2dface72-37ea-4be7,"
                + " Cache-Control=no-cache, X=bearer eyJhbGciOi.x_y-z}";
        assertThat(RecordOutcomes.masked(quoted)).isEqualTo("Method with name: CamelHttpResponseCode not found on bean: "
                + "{Authorization=Bearer ***, Cache-Control=no-cache, X=bearer ***}");
    }
}
