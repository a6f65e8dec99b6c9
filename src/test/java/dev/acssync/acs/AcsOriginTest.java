package dev.acssync.acs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ACS credentials go to the configured origin only. */
class AcsOriginTest {
    private final AcsRequests requests = new AcsRequests("https://mc.adobe.io/acme/campaign/");

    @Test
    void linksUnderTheConfiguredOriginAreFollowed() {
        assertThatCode(() -> requests.requireAcsOrigin("https://mc.adobe.io/acme/campaign/profileAndServicesExt/orgUnitBase/?_lineStart=@x"))
                .doesNotThrowAnyException();
        assertThatCode(() -> requests.requireAcsOrigin("HTTPS://MC.ADOBE.IO:443/acme/campaign/x")).doesNotThrowAnyException();
    }

    @Test
    void anythingElseIsRefusedNamingIt() {
        for (String elsewhere : new String[] {"https://evil.example/acme/campaign/", "http://mc.adobe.io/acme/campaign/",
                "https://mc.adobe.io:8443/acme/campaign/", "https://mc.adobe.io@evil.example/", "https://user@mc.adobe.io/acme/",
                "https://mc.adobe.io.evil.example/", "//evil.example/x", "not a uri at all"}) {
            assertThatThrownBy(() -> requests.requireAcsOrigin(elsewhere)).as(elsewhere)
                    .isInstanceOf(ForeignOriginException.class)
                    .hasMessageContaining("refusing to send the ACS credentials to " + elsewhere);
        }
    }
}
