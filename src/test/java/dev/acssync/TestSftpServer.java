package dev.acssync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/** An embedded SFTP server (Apache MINA SSHD) that accepts one client key, with files under a temporary root. */
final class TestSftpServer {
    final Path root;
    final Path clientKeyFile;
    final Path knownHostsFile;
    final int port;
    private final String trustedLine;
    private final SshServer server;

    TestSftpServer(Path dir) throws IOException, GeneralSecurityException {
        root = Files.createDirectories(dir.resolve("sftp-root"));
        Files.createDirectories(root.resolve("inbox"));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair hostKey = rsa.generateKeyPair();
        KeyPair clientKey = rsa.generateKeyPair();

        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, clientKey.getPublic()));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
        port = server.getPort();

        clientKeyFile = dir.resolve("client_key.pem");
        Files.writeString(clientKeyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(clientKey.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        trustedLine = knownHostsLine(hostKey.getPublic());
        knownHostsFile = dir.resolve("known_hosts");
        trustServerKey();
    }

    private String knownHostsLine(PublicKey key) {
        return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(key) + "\n";
    }

    void trustServerKey() throws IOException {
        Files.writeString(knownHostsFile, trustedLine);
    }

    /** known_hosts names another key for this server, as after a server swap or a man in the middle. */
    void trustAnotherKey() throws IOException, GeneralSecurityException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Files.writeString(knownHostsFile, knownHostsLine(rsa.generateKeyPair().getPublic()));
    }

    /** Uploads as a careful client does: under a temporary name, then renamed. */
    Path upload(String name, String content) throws IOException {
        Path staging = root.resolve("inbox").resolve(".upload-" + name);
        Files.writeString(staging, content);
        return Files.move(staging, root.resolve("inbox").resolve(name));
    }
}
