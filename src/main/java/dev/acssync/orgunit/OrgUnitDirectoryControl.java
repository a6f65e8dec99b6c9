package dev.acssync.orgunit;

import java.time.Instant;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/**
 * The directory's console controls (Hawtio → JMX → dev.acssync → orgUnitDirectory). A separate MBean because Camel
 * shows a bean step's processor MBean as the bean's own when the bean is a managed resource, which hides the step's
 * statistics and breaks Hawtio's route diagram.
 */
@Component
@ManagedResource(objectName = "dev.acssync:name=orgUnitDirectory", description = "The cached ACS org-unit directory")
public class OrgUnitDirectoryControl {
    private final OrgUnitDirectory directory;

    public OrgUnitDirectoryControl(OrgUnitDirectory directory) {
        this.directory = directory;
    }

    @ManagedOperation(description = "Reload the org units from ACS now; returns how many there are")
    public int refresh() {
        return directory.refresh();
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
