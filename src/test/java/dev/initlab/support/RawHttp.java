package dev.initlab.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/** HTTP/1.1 over a plain socket, for requests that Java's HTTP client refuses to send (a Host, a malformed line). */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code request} as it is (request line, headers, blank line, body) and reads the answer until the server closes. */
    public static Response send(int port, String request) {
        return send(port, request, Duration.ofSeconds(30));
    }

    /** As {@link #send(int, String)}, failing when the server sends nothing for {@code patience}. */
    public static Response send(int port, String request, Duration patience) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) patience.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return Response.parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A response: its status, its head (status line and headers) and its body, un-chunked and decoded as UTF-8. */
    public record Response(int status, String head, String body) {

        public static Response parse(InputStream in) throws IOException {
            // one char per byte to find the frames; the body is decoded as UTF-8 once it is whole
            String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int split = all.indexOf("\r\n\r\n");
            String head = all.substring(0, split);
            String rest = all.substring(split + 4);
            boolean chunked = head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
            String body = new String((chunked ? unchunk(rest) : rest).getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8);
            return new Response(Integer.parseInt(head.split(" ")[1]), head, body);
        }

        /** The first value of this header, or null. */
        public String header(String name) {
            return head.lines()
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
                    .map(line -> line.substring(name.length() + 1).trim())
                    .findFirst()
                    .orElse(null);
        }

        private static String unchunk(String chunked) {
            StringBuilder body = new StringBuilder();
            for (int at = 0; ; ) {
                int lineEnd = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
                if (size == 0) {
                    return body.toString();
                }
                body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
        }
    }
}
