package io.qstream.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Standard input or a named pipe, read on a thread of its own so that a read can time out.
 *
 * <p>Why: FFmpeg reads a pipe with a blocking {@code read(2)}; its {@code rw_timeout} and interrupt callback are only
 * consulted between reads, so a writer that keeps the pipe open and sends nothing hangs the decoder forever. Here a
 * daemon thread does the blocking reads into a small bounded queue (a slow consumer stops the reader: backpressure,
 * nothing is dropped), and {@link #read} waits for the next block at most the timeout it is given.
 *
 * <p>The pipe is opened through its path ({@code /dev/stdin}, {@code /proc/self/fd/N} or the FIFO's path) as an
 * interruptible channel, so {@link #close} stops the thread without closing the process's own descriptor.
 */
final class PipeFeed implements AutoCloseable {

    /** Bytes per block the reader thread hands over. */
    static final int BLOCK_BYTES = 64 * 1024;
    /** Blocks queued ahead of the decoder: 1 MiB at most per pipe. */
    private static final int QUEUE_BLOCKS = 16;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> blocks = new ArrayBlockingQueue<>(QUEUE_BLOCKS);
    private final Thread reader;
    private volatile IOException failure;
    private byte[] current;
    private int position;
    private boolean ended;

    /** Result of {@link #read} when no data arrived in time. */
    static final int TIMED_OUT = -1;
    /** Result of {@link #read} at the end of the pipe (its writers closed it). */
    static final int END_OF_PIPE = -2;

    private PipeFeed(String input, Path path) {
        reader = new Thread(() -> readAll(path), "qstream-pipe " + input);
        reader.setDaemon(true); // a pipe whose writer never opens must not keep the JVM alive
        reader.start();
    }

    /** Starts reading the pipe {@code input} names ({@code -}, {@code pipe:N} or a FIFO's path). */
    static PipeFeed open(String input) {
        return new PipeFeed(input, pathOf(input));
    }

    /** The path through which the pipe an input names can be opened again: fd 0 is {@code /dev/stdin}. */
    static Path pathOf(String input) {
        if (input.equals(LiveInputs.STDIN)) {
            return Path.of("/dev/stdin");
        }
        if (input.startsWith("pipe:")) {
            String fd = input.substring("pipe:".length());
            return Path.of("/proc/self/fd/" + (fd.isEmpty() ? "0" : fd));
        }
        return Path.of(input);
    }

    private void readAll(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(BLOCK_BYTES);
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) break;
                if (n > 0) blocks.put(java.util.Arrays.copyOf(buf.array(), n));
            }
        } catch (ClosedByInterruptException | InterruptedException e) {
            return; // closed by the decoder: nobody reads any more
        } catch (IOException e) {
            failure = e;
        }
        try {
            blocks.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Copies up to {@code size} bytes of the pipe into {@code out}, waiting at most {@code timeoutNanos} for data.
     *
     * @return the number of bytes copied (at least 1), {@link #TIMED_OUT} or {@link #END_OF_PIPE}
     * @throws IOException when reading the pipe failed
     */
    int read(ByteSink out, int size, long timeoutNanos) throws IOException {
        if (current == null || position == current.length) {
            if (ended) return end();
            try {
                current = blocks.poll(timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return TIMED_OUT;
            }
            position = 0;
            if (current == null) return TIMED_OUT;
            if (current == END) {
                ended = true;
                current = null;
                return end();
            }
        }
        int n = Math.min(size, current.length - position);
        out.put(current, position, n);
        position += n;
        return n;
    }

    private int end() throws IOException {
        if (failure != null) throw failure;
        return END_OF_PIPE;
    }

    /** Where {@link #read} copies bytes: FFmpeg's buffer. */
    @FunctionalInterface
    interface ByteSink {
        void put(byte[] bytes, int offset, int length);
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}
