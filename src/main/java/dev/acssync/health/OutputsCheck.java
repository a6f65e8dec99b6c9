package dev.acssync.health;

import dev.acssync.outcome.OutputFailures;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code outputs}: DOWN while a run's output cannot be written (no new file is taken meanwhile), naming the folder,
 * its free space and the error.
 */
@Component
class OutputsCheck extends SyncHealthCheck {
    private final OutputFailures outputs;

    public OutputsCheck(OutputFailures outputs) {
        super("outputs");
        this.outputs = outputs;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        OutputFailures.Failure f = outputs.failure();
        // blocking() tries the folder again (at most every few seconds) and clears a failure that is mended
        String blocking = f == null ? null : outputs.blocking();
        if (blocking == null) {
            builder.up();
            return;
        }
        builder.down().message(blocking)
                .detail("folder", f.folder().toString())
                .detail("free", FreeSpace.text(FreeSpace.bytes(f.folder())))
                .detail("cannotWrite", f.what())
                .detail("error", f.error())
                .detail("since", f.since().toString())
                .detail("meanwhile", "no new file is taken; the stopped run goes on from its checkpoint once the folder can be written");
    }
}
