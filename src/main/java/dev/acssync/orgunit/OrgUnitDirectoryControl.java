package dev.acssync.orgunit;

import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/**
 * The directory's console control (Hawtio → JMX → dev.acssync → orgUnitDirectory → refresh()): runs the
 * refresh-org-unit-directory route now. A separate MBean, not the directory itself: Camel shows a bean step's
 * processor MBean as the bean's own when the bean is a {@code @ManagedResource}, which hid those steps' statistics
 * and broke Hawtio's route diagram (measured on Hawtio 5.2).
 */
@Component
@ManagedResource(objectName = "dev.acssync:name=orgUnitDirectory", description = "The cached ACS org-unit directory")
public class OrgUnitDirectoryControl {
    private final OrgUnitDirectory directory;
    private final ProducerTemplate camel;

    public OrgUnitDirectoryControl(OrgUnitDirectory directory, ProducerTemplate camel) {
        this.directory = directory;
        this.camel = camel;
    }

    /** A refresh that failed says so (the route keeps the previous list and logs why): an error, not a count. */
    @ManagedOperation(description = "Reload the org units from ACS now; returns how many there are, or fails saying why")
    public int refresh() {
        Exchange done = camel.send("direct:refresh-org-unit-directory", exchange -> { });
        Exception failed = done.getException() != null ? done.getException()
                : done.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failed != null) {
            throw new IllegalStateException("The refresh failed; the previous list of " + directory.size()
                    + " units is kept: " + failed.getMessage());
        }
        return directory.size();
    }

    @ManagedAttribute(description = "Org units in the cache")
    public int getUnits() {
        return directory.size();
    }

    @ManagedAttribute(description = "When the org units were last loaded")
    public String getLoadedAt() {
        Instant at = directory.loadedAt();
        return at == null ? "never" : at.toString();
    }
}
