package dev.acssync.health;

import dev.acssync.orgunit.OrgUnitDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.springframework.stereotype.Component;

/** {@code orgUnitDirectory}: the units of the last listing, when it was loaded; DOWN before the first load. */
@Component
class OrgUnitDirectoryCheck extends SyncHealthCheck {
    private final OrgUnitDirectory directory;

    public OrgUnitDirectoryCheck(OrgUnitDirectory directory) {
        super("orgUnitDirectory");
        this.directory = directory;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant loadedAt = directory.loadedAt();
        if (loadedAt == null) {
            down(builder, "not loaded yet (see the log of refresh-org-unit-directory)");
            return;
        }
        builder.up().detail("units", directory.size()).detail("loadedAt", loadedAt.toString())
                .detail("ageSeconds", Duration.between(loadedAt, Instant.now()).toSeconds());
    }
}
