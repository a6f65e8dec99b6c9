package dev.acssync.orgunit;

import java.time.Instant;
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

    @ManagedOperation(description = "Reload the org units from ACS now; returns how many there are")
    public int refresh() {
        camel.sendBody("direct:refresh-org-unit-directory", null);
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
