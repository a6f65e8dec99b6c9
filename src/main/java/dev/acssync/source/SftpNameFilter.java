package dev.acssync.source;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Leaves on the SFTP server a file whose name is too long to be downloaded here (it is stored locally under its own
 * name plus {@code .inprogress}, 11 bytes, and a file name may have 255): such a file is named in one warning,
 * once, instead of failing every poll.
 */
@Component("sftpNameFilter")
public class SftpNameFilter implements GenericFileFilter<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(SftpNameFilter.class);
    static final int MAX_NAME_BYTES = 255 - ".inprogress".length();

    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    @Override
    public boolean accept(GenericFile<Object> file) {
        String name = file.getFileNameOnly();
        if (file.isDirectory() || name.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
            return true;
        }
        if (refused.add(name)) {
            LOG.warn("SFTP file {} is left on the server: its name is longer than {} bytes (UTF-8), too long to download; "
                    + "rename it there", name, MAX_NAME_BYTES);
        }
        return false;
    }
}
