package dev.acssync.acs;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The small rules behind the answer classification and the rate limit. */
class AcsAnswerRulesTest {

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(AcsAnswers.retryAfterMillis("3")).isEqualTo(3000);
        assertThat(AcsAnswers.retryAfterMillis(" 0 ")).isZero();
        assertThat(AcsAnswers.retryAfterMillis("-5")).as("never a negative delay").isZero();
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
        assertThat(AcsAnswers.retryAfterMillis(inTenSeconds)).isBetween(8_000L, 10_000L);
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().minusSeconds(10));
        assertThat(AcsAnswers.retryAfterMillis(past)).isZero();
    }

    @Test
    void anAbsentOrUnreadableRetryAfterLeavesTheBackOffInCharge() {
        assertThat(AcsAnswers.retryAfterMillis(null)).isNull();
        assertThat(AcsAnswers.retryAfterMillis("")).isNull();
        assertThat(AcsAnswers.retryAfterMillis("soon")).isNull();
    }

    @Test
    void aCallIsNamedByItsResourceNeverByItsIdentifiers() {
        assertThat(AcsAnswers.call("PATCH", "https://mc.adobe.io/t/campaign/profileAndServicesExt/profile/@secretPKey"))
                .isEqualTo("PATCH profile");
        assertThat(AcsAnswers.call("GET", "https://mc.adobe.io/t/campaign/profileAndServicesExt/profile/byEmail?email=a%40b.c"))
                .isEqualTo("GET profile/byEmail");
        assertThat(AcsAnswers.call("GET", "https://mc.adobe.io/t/campaign/profileAndServicesExt/orgUnitBase/?_lineStart=x"))
                .isEqualTo("GET orgUnitBase");
    }

    @Test
    void anAnswerQuotedInADetailIsOneLineOfAtMost500Characters() {
        assertThat(AcsAnswers.abbreviate("<html>\n  <body>Bad\tGateway</body>\n</html>")).isEqualTo("<html> <body>Bad Gateway</body> </html>");
        assertThat(AcsAnswers.abbreviate("x".repeat(2000))).hasSize(503).endsWith("...");
    }

}
