package dev.acssync.source;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The watched folder's filter: a file whose name Camel's file consumer cannot handle waits in the inbox with its reason
 * named, instead of silently: a backslash in a name is read as a folder separator (Camel's paths work the same on
 * every system), so such a file could be neither read nor moved. It is named in a warning when first seen (again once
 * an hour while it stays) and in health component {@code sync/dataFolders} ({@code filesWaiting}) until it is renamed.
 */
@Component("inboxNames")
public class InboxNames implements GenericFileFilter<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(InboxNames.class);
    private static final Duration REMIND = Duration.ofHours(1);
    /** A name not seen for this long has been renamed or removed. */
    private static final Duration GONE = Duration.ofMinutes(1);

    private record Waiting(String reason, Instant logged, Instant seen) {
    }

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    @Override
    public boolean accept(GenericFile<Object> file) {
        String name = file.getFileNameOnly();
        String reason = file.isDirectory() ? null : whyNot(name);
        if (reason == null) {
            return true;
        }
        Instant now = Instant.now();
        Waiting before = waiting.get(name);
        boolean log = before == null || before.logged().plus(REMIND).isBefore(now);
        waiting.put(name, new Waiting(reason, log ? now : before.logged(), now));
        if (log) {
            LOG.warn("{} waits in the inbox: {}", name, reason);
        }
        return false;
    }

    /** Why a file of this name cannot be taken, or null. */
    static String whyNot(String name) {
        if (name.indexOf('\\') >= 0) {
            return "its name holds a backslash, which the file consumer reads as a folder separator; rename it (e.g. '\\' to '_')";
        }
        return null;
    }

    /** The files waiting now, each with its reason. */
    public Map<String, String> waiting() {
        Instant now = Instant.now();
        waiting.values().removeIf(w -> w.seen().plus(GONE).isBefore(now));
        Map<String, String> out = new TreeMap<>();
        waiting.forEach((name, w) -> out.put(name, w.reason()));
        return out;
    }
}
