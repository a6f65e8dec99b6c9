package dev.acssync.source;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SFTP source ({@code sync.sftp.*}), read by routes/sources/sftp-inbox.camel.yaml.
 *
 * @param enabled create and start the SFTP route (when false, the route does not exist)
 * @param host the server
 * @param port the server's port
 * @param username the account (env {@code SFTP_USERNAME})
 * @param password a password, from the environment ({@code SYNC_SFTP_PASSWORD}); or a private key
 * @param privateKeyFile a private key file ({@code SYNC_SFTP_PRIVATE_KEY_FILE})
 * @param privateKeyPassphrase the key's passphrase, from the environment ({@code SYNC_SFTP_PRIVATE_KEY_PASSPHRASE})
 * @param directory the remote directory polled
 * @param processedDirectory where handled files go, relative to the polled directory (or absolute)
 * @param failedDirectory where files that could not be read to the end go
 * @param filePattern which remote files are taken (a regular expression)
 * @param cron Quartz cron of the polls (e.g. {@code 0 0/5 1-5 * * ?} for nights only)
 * @param readLockCheckIntervalMs how often a remote file is checked for changes
 * @param readLockMinAgeMs how long a remote file must stop changing before it is read
 * @param knownHostsFile host keys trusted (OpenSSH known_hosts format)
 * @param strictHostKeyChecking {@code yes}; {@code no} accepts any host key (an explicit, insecure choice, warned about)
 * @param doneFileName off unless set: a remote file is taken only once its done marker exists (Camel's doneFileName:
 *                     \${file:name}.done for the file's name plus .done)
 */
@ConfigurationProperties("sync.sftp")
record SftpProperties(boolean enabled, String host, int port, String username, String password,
                             String privateKeyFile, String privateKeyPassphrase, String directory,
                             String processedDirectory, String failedDirectory, String filePattern, String cron,
                             long readLockCheckIntervalMs, long readLockMinAgeMs, String knownHostsFile,
                             String strictHostKeyChecking, String doneFileName) {
}
