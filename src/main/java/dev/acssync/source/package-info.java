/**
 * What the sources need besides their routes: the data folders, the SFTP memory and host-key policy, the embedded broker's network acceptor.
 */
package dev.acssync.source;
