package dev.initlab.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One viewer's stream of Server-Sent Events, written without ever blocking a thread: through the servlet
 * container's non-blocking output, a frame is written only when the connection takes it, and while it does not,
 * the next frame waits here, replaced by each newer one (only the latest snapshot matters). A connection that
 * takes nothing for {@link #STALL_LIMIT} is closed, and the browser's EventSource reconnects. A viewer who leaves
 * is one line at debug level.
 */
final class ProgressStream implements WriteListener, AsyncListener {

    private static final Logger log = LoggerFactory.getLogger(ProgressStream.class);
    static final Duration STALL_LIMIT = Duration.ofSeconds(5);

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final String viewer;
    private final Consumer<ProgressStream> onEnd;
    // Guarded by this: the container's callbacks and the poller's frames take turns, so nothing touches the
    // response once it has ended, when the container may give its objects to another request.
    private byte[] waiting;
    /** The waiting frame is the last: the stream ends once it is written. */
    private boolean lastFrame;
    /** Set once the container first calls {@link #onWritePossible}: the request's own thread has left by then. */
    private boolean writable;
    /** {@code System.nanoTime()} when the connection stopped taking frames; 0 while it takes them. */
    private long stalledSince;
    /** A frame is written but may wait in the container's buffer: flushed as soon as the connection takes more. */
    private boolean unflushed;
    private boolean ended;

    /**
     * Starts writing to the response of {@code async} once its request's thread is done; {@code viewer} names the
     * stream in the log, {@code onEnd} runs once, however it ends.
     */
    ProgressStream(AsyncContext async, String viewer, Consumer<ProgressStream> onEnd) throws IOException {
        this.async = async;
        this.out = async.getResponse().getOutputStream();
        this.viewer = viewer;
        this.onEnd = onEnd;
        async.addListener(this);
        out.setWriteListener(this);
    }

    /** An event, as the bytes of its frame: a {@code data:} line for each line of {@code data}. */
    static byte[] event(String name, String data) {
        StringBuilder frame = new StringBuilder("event:").append(name).append('\n');
        data.lines().forEach(line -> frame.append("data:").append(line).append('\n'));
        return frame.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Sends {@code frame} when the connection takes it, in place of any frame still waiting. */
    synchronized void offer(byte[] frame) {
        waiting = frame;
        writeWaiting();
    }

    /** Sends {@code frame} as {@link #offer} does, then ends the stream; nothing may be offered after it. */
    synchronized void finish(byte[] frame) {
        waiting = frame;
        lastFrame = true;
        writeWaiting();
    }

    @Override
    public synchronized void onWritePossible() {
        writable = true;
        stalledSince = 0;
        writeWaiting();
    }

    @Override
    public synchronized void onError(Throwable error) {
        end("left: " + error);
    }

    @Override
    public synchronized void onError(AsyncEvent event) {
        end("left: " + event.getThrowable());
        // completed here too, even if the write's error ended the stream first: an asynchronous request left
        // uncompleted after its error is dispatched to the error page, which cannot write to an event stream
        complete();
    }

    @Override
    public synchronized void onTimeout(AsyncEvent event) {
        end(null);
    }

    @Override
    public synchronized void onComplete(AsyncEvent event) {
        if (!ended) {
            ended = true;
            onEnd.accept(this);
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // a stream starts asynchronous processing once, before it listens
    }

    private void writeWaiting() {
        if (!writable || ended) {
            return;
        }
        if (stalledSince != 0 && System.nanoTime() - stalledSince > STALL_LIMIT.toNanos()) {
            end("took no event for " + STALL_LIMIT.toSeconds() + " s");
            return;
        }
        try {
            // each write and flush only when isReady() says so: the container refuses one while another waits
            while (out.isReady()) {
                if (unflushed) {
                    unflushed = false;
                    out.flush();
                    continue;
                }
                byte[] frame = waiting;
                waiting = null;
                if (frame == null) {
                    if (lastFrame) {
                        end(null);
                    }
                    return;
                }
                out.write(frame);
                unflushed = true;
            }
            if (stalledSince == 0) {
                stalledSince = System.nanoTime();
            }
        } catch (IOException | RuntimeException e) {
            // whatever this viewer's connection throws ends this viewer, never the poller that serves the others
            end("left: " + e);
        }
    }

    /** Ends the stream once, logging {@code why} at debug level when it is not the stream's own end. */
    private void end(String why) {
        if (ended) {
            return;
        }
        ended = true;
        if (why != null) {
            log.debug("Live progress to {} ended: {}", viewer, why);
        }
        complete();
        onEnd.accept(this);
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyOver) {
            // the container ended the request first
        }
    }
}
