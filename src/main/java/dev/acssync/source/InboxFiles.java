package dev.acssync.source;

import dev.acssync.record.UnreadableFileException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * A file is read only if it is what it seems: a plain file, not a symbolic link (a link to /etc/passwd in the inbox
 * would otherwise be read, and its lines copied into a dead-letter file), nor a second name (hard link) of a file
 * kept elsewhere. Such a file is refused with a FAILED report and moves to failed/ unread.
 */
@Component("inboxFiles")
public class InboxFiles {

    public void requirePlainFile(@Body File file, @Header(Exchange.FILE_NAME_ONLY) String name) {
        Path path = file.toPath();
        if (Files.isSymbolicLink(path)) {
            throw new UnreadableFileException(name + ": is a symbolic link; refused unread (copy the file itself into the inbox)");
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnreadableFileException(name + ": is not a plain file; refused unread");
        }
        try {
            Object links = Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            if (links instanceof Integer n && n > 1) {
                throw new UnreadableFileException(name + ": has " + n + " names (hard links); refused unread (copy the file "
                        + "into the inbox instead of linking it)");
            }
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            // no link count on this file system: symbolic links are still refused above
        } catch (IOException e) {
            throw new UnreadableFileException(name + ": cannot be inspected: " + e, e);
        }
    }
}
