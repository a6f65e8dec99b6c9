package dev.acssync.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The packages import each other in one direction only, from the service's shell down to the words they share
 * (the README's package map draws the same floors). A class that needs one from a floor above is a sign that
 * something sits on the wrong floor: move it down, or pass what it needs as a plain value.
 */
class PackageLayersTest {
    // the service's compiled classes only (not every jar on the class path)
    private static final JavaClasses PRODUCTION = new ClassFileImporter().importPath(Path.of("target", "classes"));

    @Test
    void eachFloorImportsOnlyTheFloorsBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("application").definedBy("dev.acssync")
                .layer("shell").definedBy("dev.acssync.console..", "dev.acssync.health..", "dev.acssync.cluster..", "dev.acssync.logging..")
                .layer("preflight").definedBy("dev.acssync.preflight..")
                .layer("outcome").definedBy("dev.acssync.outcome..")
                .layer("source").definedBy("dev.acssync.source..")
                .layer("snapshot").definedBy("dev.acssync.snapshot..")
                .layer("orgunit").definedBy("dev.acssync.orgunit..")
                .layer("acs").definedBy("dev.acssync.acs..")
                .layer("record").definedBy("dev.acssync.record..")
                .layer("metrics").definedBy("dev.acssync.metrics..")
                .layer("vocabulary").definedBy("dev.acssync.vocabulary..")
                .layer("sandbox").definedBy("dev.acssync.sandbox..")
                .whereLayer("application").mayNotBeAccessedByAnyLayer()
                .whereLayer("shell").mayOnlyBeAccessedByLayers("application")
                .whereLayer("preflight").mayOnlyBeAccessedByLayers("application", "shell")
                .whereLayer("outcome").mayOnlyBeAccessedByLayers("application", "shell", "preflight")
                .whereLayer("source").mayOnlyBeAccessedByLayers("application", "shell", "preflight", "outcome")
                .whereLayer("snapshot").mayOnlyBeAccessedByLayers("application", "shell", "preflight", "outcome", "source")
                .whereLayer("orgunit").mayOnlyBeAccessedByLayers("application", "shell", "preflight", "outcome", "source", "snapshot")
                .whereLayer("acs").mayOnlyBeAccessedByLayers("application", "shell", "preflight", "outcome", "source", "snapshot", "orgunit")
                .whereLayer("record").mayOnlyBeAccessedByLayers("application", "shell", "preflight", "outcome", "source", "snapshot", "orgunit", "acs")
                // the leaves: the words every package shares, and the metrics every package counts into
                .whereLayer("metrics").mayOnlyBeAccessedByLayers("application", "shell", "preflight", "outcome", "source", "snapshot", "orgunit", "acs", "record")
                .whereLayer("vocabulary").mayOnlyBeAccessedByLayers("application", "shell", "preflight", "outcome", "source", "snapshot", "orgunit", "acs", "record")
                // the ACS emulator is apart: nothing of the service uses it
                .whereLayer("sandbox").mayNotBeAccessedByAnyLayer()
                .check(PRODUCTION);
    }

    @Test
    void noPackagesImportEachOtherInALoop() {
        slices().matching("dev.acssync.(*)..").should().beFreeOfCycles().check(PRODUCTION);
    }
}
