package dev.acssync.outcome;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What tells one input file from another under the same name: its size, when it was last changed and a SHA-256 of
 * its first 64 KB. A checkpoint is used only for the same file.
 */
record FileIdentity(long size, long modified, String headSha256) {
    private static final int HEAD = 64 * 1024;

    /**
     * The identity of {@code file}, a plain file (links are not followed), with the size and date its source gives
     * (for SFTP the remote file's: the local copy is new at each download). Null when it is not a plain file.
     */
    public static FileIdentity of(File file, Long sourceSize, Long sourceModified) {
        if (!Files.isRegularFile(file.toPath(), LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file.toPath(), LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(in.readNBytes(HEAD));
            return new FileIdentity(sourceSize != null ? sourceSize : file.length(),
                    sourceModified != null ? sourceModified : file.lastModified(), HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.getName(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
