package dev.acssync.cluster;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test classes that start Hazelcast members run one at a time, also across Surefire's two JVMs (an OS lock on
 * target/cluster-tests.lock): ClusterRateLimitTest counts grants in any second with a 50 ms margin, which a
 * concurrent cluster test's CPU use (three members starting, a merge) exceeded on two cores.
 */
class OneClusterTestAtATime implements BeforeAllCallback, AfterAllCallback {
    private static final Path LOCK = Path.of("target", "cluster-tests.lock");
    private FileChannel channel;
    private FileLock lock;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Files.createDirectories(LOCK.getParent());
        channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = channel.lock();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        lock.release();
        channel.close();
    }
}
