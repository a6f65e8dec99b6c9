package dev.acssync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request over a plain socket, with headers a browser would send but Java's HTTP client refuses to set
 * (a forged {@code Host}, as DNS rebinding gives). Returns the status code.
 */
public final class RawHttp {
    private RawHttp() {
    }

    public static int status(int port, String method, String path, String body, String... headers) throws IOException {
        return statusFrom("127.0.0.1", port, method, path, body, headers);
    }

    /** As {@link #status}, from another loopback address (127.0.0.2: another client, as the server sees it). */
    public static int statusFrom(String localAddress, int port, String method, String path, String body, String... headers)
            throws IOException {
        try (Socket socket = new Socket(java.net.InetAddress.getByName("127.0.0.1"), port,
                java.net.InetAddress.getByName(localAddress), 0)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            request.append("Content-Length: ").append(content.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
