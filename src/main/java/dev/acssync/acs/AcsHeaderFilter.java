package dev.acssync.acs;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;
import org.springframework.stereotype.Component;

/**
 * The headers of an ACS call as Adobe's examples send them: Camel's HTTP header filter drops {@code Cache-Control} and
 * {@code Content-Type} (the latter is normally taken from the request body, so a GET would carry none). This one lets
 * both through and filters everything else as Camel does (routes/acs/acs-call.camel.yaml sets them).
 */
@Component("acsHeaderFilter")
public class AcsHeaderFilter extends HttpHeaderFilterStrategy {
    @Override
    protected void initialize() {
        super.initialize();
        getOutFilter().remove("cache-control");
        getOutFilter().remove("content-type");
    }
}
