package dev.acssync.source;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The polls of the folder and SFTP sources, as their gate lets them through, and since when each one going on began.
 * Between runs, a poll that never ends is an intake that is stuck (a listing or a download that hangs); the liveness
 * check {@code intakeProgress} reads it. (A file's run goes on after its poll: Camel routes it asynchronously.)
 */
@Component
public class IntakePolls {
    private final Clock clock;
    /** Each source's poll going on (the folder's and SFTP's are apart), since when. */
    private final Map<Object, Instant> going = new ConcurrentHashMap<>();

    @Autowired
    public IntakePolls() {
        this(Clock.systemUTC());
    }

    /** With the clock a test moves. */
    public IntakePolls(Clock clock) {
        this.clock = clock;
    }

    /** A poll of {@code source} (its consumer) begins: the gate let it through. */
    public void began(Object source) {
        going.put(source, clock.instant());
    }

    /** The poll of {@code source} ended, well or not. */
    public void ended(Object source) {
        going.remove(source);
    }

    /** When the oldest poll going on began; empty between polls. */
    public Optional<Instant> pollingSince() {
        return going.values().stream().min(Instant::compareTo);
    }
}
