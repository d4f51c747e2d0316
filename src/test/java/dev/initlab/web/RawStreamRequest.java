package dev.initlab.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A GET of a live-progress stream over a raw socket, where an HTTP client cannot go: from a chosen loopback address
 * (another client, as the server sees it), with a receive buffer as small as the system allows, read or never read.
 */
final class RawStreamRequest implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    private RawStreamRequest(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Sends the GET of {@code path} from {@code fromAddress}, such as 127.0.0.2, and reads nothing yet. */
    static RawStreamRequest send(int port, String path, String fromAddress) throws IOException {
        return send(port, path, fromAddress, 0);
    }

    /** As {@link #send(int, String, String)}, with a receive buffer of {@code receiveBuffer} bytes when positive. */
    static RawStreamRequest send(int port, String path, String fromAddress, int receiveBuffer) throws IOException {
        return send(port, path, fromAddress, receiveBuffer, "");
    }

    /** As {@link #send(int, String, String)}, in the session of the {@code Cookie} header {@code cookie}. */
    static RawStreamRequest send(int port, String path, String fromAddress, String cookie) throws IOException {
        return send(port, path, fromAddress, 0, "Cookie: " + cookie + "\r\n");
    }

    private static RawStreamRequest send(int port, String path, String fromAddress, int receiveBuffer,
                                         String moreHeaders) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            // before connecting: the TCP window is agreed in the handshake
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.bind(new InetSocketAddress(InetAddress.getByName(fromAddress), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port
                + "\r\nAccept: text/event-stream\r\nConnection: close\r\n" + moreHeaders + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return new RawStreamRequest(socket);
    }

    /** The response's status code, read from its first line. */
    int status() throws IOException {
        String line = readLine();
        return Integer.parseInt(line.split(" ")[1]);
    }

    /** Everything after the status line up to the end of the response: its headers and body, as text. */
    String rest() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Leaves as abruptly as a killed client: a reset, with whatever the server sent unread. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the server closed the connection before a whole line");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }
}
