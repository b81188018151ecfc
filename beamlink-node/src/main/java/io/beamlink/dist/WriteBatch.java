package io.beamlink.dist;

import java.util.ArrayList;
import java.util.List;

/**
 * Messages that one thread sends to other nodes inside a batch are written together when the
 * batch closes: a gen call's monitor and request then cost the caller one system call and the
 * server's node one read, as when OTP's distribution port writes what a process queued before
 * it waited. Use it with try-with-resources around sends that follow each other at once.
 *
 * <p>What is sent inside a batch may not be written before the batch closes, so never wait for
 * an answer inside one. A connection whose queue is half full, or that another thread is
 * writing, writes at once as usual. A batch opened inside another ends with the outer one.
 */
public final class WriteBatch implements AutoCloseable {
    private static final ThreadLocal<WriteBatch> CURRENT = new ThreadLocal<>();
    /** What an inner batch returns: closing it leaves the writing to the outer one. */
    private static final WriteBatch INNER = new WriteBatch();

    /** Most batches touch one connection. */
    private Connection first;
    private List<Connection> others;

    private WriteBatch() {
    }

    /** Starts a batch on the calling thread; close it to write what it held back. */
    public static WriteBatch open() {
        if (CURRENT.get() != null) {
            return INNER;
        }
        WriteBatch batch = new WriteBatch();
        CURRENT.set(batch);
        return batch;
    }

    /** True when the calling thread's batch takes over writing {@code connection}'s queue. */
    static boolean defer(Connection connection) {
        WriteBatch batch = CURRENT.get();
        if (batch == null) {
            return false;
        }
        if (batch.first == null || batch.first == connection) {
            batch.first = connection;
        } else {
            if (batch.others == null) {
                batch.others = new ArrayList<>(2);
            }
            if (!batch.others.contains(connection)) {
                batch.others.add(connection);
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (this == INNER) {
            return;
        }
        CURRENT.remove();
        if (first != null) {
            first.flush();
        }
        if (others != null) {
            for (Connection connection : others) {
                connection.flush();
            }
        }
    }
}
