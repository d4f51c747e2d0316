package dev.initlab.training.data;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * Serves files from memory on localhost and counts the requests for each path. A path can also
 * redirect, and a file be sent slowly, held back until a latch opens, or stall: headers with its full
 * length, some bytes, then nothing until the server closes.
 */
final class LocalServer implements AutoCloseable {

    /** How a file's body is sent: in chunks with a pause after each, and stalling after some bytes (−1: never). */
    private record Pace(int chunkBytes, long pauseMillis, int stallAfterBytes) {
    }

    private static final Pace AT_ONCE = new Pace(Integer.MAX_VALUE, 0, -1);
    private static final long GATE_PATIENCE_SECONDS = 10;

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Pace> paces = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile CountDownLatch gate = new CountDownLatch(0);

    LocalServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, key -> new AtomicInteger()).incrementAndGet();
            byte[] body = files.get(path);
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                if (redirects.containsKey(path)) {
                    exchange.getResponseHeaders().set("Location", redirects.get(path));
                    exchange.sendResponseHeaders(302, -1);
                    return;
                }
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                awaitGate();
                exchange.sendResponseHeaders(200, body.length);
                send(body, paces.getOrDefault(path, AT_ONCE), out);
            }
        });
        server.setExecutor(handlers);
        server.start();
    }

    private void send(byte[] body, Pace pace, OutputStream out) throws IOException {
        int end = pace.stallAfterBytes() < 0 ? body.length : pace.stallAfterBytes();
        for (int sent = 0; sent < end; sent += pace.chunkBytes()) {
            out.write(body, sent, Math.min(pace.chunkBytes(), end - sent));
            out.flush();
            sleep(pace.pauseMillis());
        }
        if (end < body.length) {
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitGate() {
        try {
            gate.await(GATE_PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    LocalServer serve(String path, byte[] content) {
        files.put(path, content);
        return this;
    }

    /** Sends {@code path} {@code chunkBytes} at a time, pausing after each chunk. */
    LocalServer trickle(String path, byte[] content, int chunkBytes, long pauseMillis) {
        paces.put(path, new Pace(chunkBytes, pauseMillis, -1));
        return serve(path, content);
    }

    /** Announces all of {@code content}, sends its first {@code bytesBeforeStall} bytes, then goes silent. */
    LocalServer stall(String path, byte[] content, int bytesBeforeStall) {
        paces.put(path, new Pace(Integer.MAX_VALUE, 0, bytesBeforeStall));
        return serve(path, content);
    }

    /** Answers {@code path} with a 302 to {@code location}. */
    LocalServer redirect(String path, String location) {
        redirects.put(path, location);
        return this;
    }

    /**
     * Each file's response waits until {@code gate} opens, so that a test can hold a download until
     * another client has caught up with it; after {@value #GATE_PATIENCE_SECONDS} s it is sent anyway,
     * so that a broken test fails on its assertions instead of hanging.
     */
    LocalServer holdResponsesUntil(CountDownLatch gate) {
        this.gate = gate;
        return this;
    }

    int requestsFor(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
