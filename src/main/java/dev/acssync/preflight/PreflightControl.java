package dev.acssync.preflight;

import org.apache.camel.ProducerTemplate;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/**
 * The preflight on demand (Hawtio → JMX → dev.acssync → preflight → run()), for instance after fixing the tenant's
 * set-up: runs routes/acs/preflight.camel.yaml now and says what it found.
 */
@Component
@ManagedResource(objectName = "dev.acssync:name=preflight", description = "Checks of the ACS tenant before the sources start")
public class PreflightControl {
    private final Preflight preflight;
    private final ProducerTemplate camel;

    public PreflightControl(Preflight preflight, ProducerTemplate camel) {
        this.preflight = preflight;
        this.camel = camel;
    }

    @ManagedOperation(description = "Run the preflight now; returns PASSED or what to fix")
    public String run() {
        camel.sendBody("direct:preflight", null);
        return getResult();
    }

    @ManagedAttribute(description = "PASSED, or what to fix")
    public String getResult() {
        return preflight.isPassed() ? "PASSED" : preflight.problem();
    }
}
