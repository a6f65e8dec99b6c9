package dev.acssync.source;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The polls of the folder and SFTP sources, as their gate lets them through: whether one is going on and since when.
 * A file's run happens inside its poll, so a poll that never ends is an intake that is stuck (a listing or a download
 * that hangs, a run that cannot finish); the liveness check {@code intakeProgress} reads it.
 */
@Component
public class IntakePolls {
    private final AtomicLong polls = new AtomicLong();
    /** Each source's poll going on (the folder's and SFTP's are apart), since when. */
    private final Map<Object, Instant> going = new ConcurrentHashMap<>();

    /** A poll of {@code source} (its consumer) begins: the gate let it through. */
    public void began(Object source) {
        polls.incrementAndGet();
        going.put(source, Instant.now());
    }

    /** The poll of {@code source} ended, well or not. */
    public void ended(Object source) {
        polls.incrementAndGet();
        going.remove(source);
    }

    /** When the oldest poll going on began; empty between polls. */
    public Optional<Instant> pollingSince() {
        return going.values().stream().min(Instant::compareTo);
    }

    /** How many times a poll began or ended: it moves as long as the sources poll. */
    public long beginningsAndEnds() {
        return polls.get();
    }
}
