package org.vigil.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Posts a body of undeclared length (HTTP/1.1 chunked, no Content-Length) over a plain socket, as java.net.http will
 * not when the answer may come before the body is sent, and reads back the raw response. For the body size limits:
 * a service that only checks a declared length lets such a body through whole.
 */
public final class ChunkedBody {

    private ChunkedBody() {
    }

    /** A response as read off the socket: the status code and everything after the headers. */
    public record Response(int status, String head, String body) {
    }

    /**
     * @param bytes how many bytes to send, in 64 KiB chunks; the server may stop reading early, which is not an error
     */
    public static Response post(int port, String path, String bearerToken, String contentType, long bytes)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + bearerToken
                    + "\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try {
                for (long sent = 0; sent < bytes; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedByTheServer) {
                // The server answered and closed without reading the rest; its answer is still there to read.
            }
            InputStream in = socket.getInputStream();
            String raw = new String(readResponse(in), StandardCharsets.UTF_8);
            int split = raw.indexOf("\r\n\r\n");
            String head = split < 0 ? raw : raw.substring(0, split);
            return new Response(Integer.parseInt(head.split(" ")[1]), head, split < 0 ? "" : raw.substring(split + 4));
        }
    }

    /** Up to the end of the stream or a pause; a kept-alive connection would otherwise never end. */
    private static byte[] readResponse(InputStream in) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                String sofar = out.toString(StandardCharsets.UTF_8);
                int split = sofar.indexOf("\r\n\r\n");
                if (split >= 0 && sofar.endsWith("}")) {
                    break;
                }
            }
        } catch (java.net.SocketException reset) {
            // The server closed the connection with our unread chunks in its buffer; what came before stands.
        }
        return out.toByteArray();
    }
}
