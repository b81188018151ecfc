package io.beamlink.dist;

/**
 * The threads that serve every connection: each connection's reader, the node's ticker, its
 * acceptor and its connection setup threads. What they send on behalf of what they handle (the
 * exit a link passes on when a signal or a nodedown kills a process, the answer to a monitor of
 * a dead process) never waits for room in a full queue, and is written by the connection's
 * writer thread, not by the service thread. Otherwise a peer that stops reading would stall the
 * reading of every other connection, or the ticks of all of them. OTP does the same: handling
 * incoming signals never blocks on a busy distribution port. One exception keeps answers quick:
 * a reader answering its own peer (a spawn request's reply, for every rpc from that node) writes
 * the answer itself when nothing else is being written, as before; a peer that does not read
 * then holds up only its own connection.
 *
 * <p>Such sends may take a queue over {@link ConnectionSettings#maxPendingBytes()}, up to four
 * times that: a peer that lets more pile up does not read even the answers to what it sends,
 * and its connection is closed. Closing a connection, whoever does it, runs the nodedown
 * handling as service work too.
 */
public final class ServiceThreads {
    /** {@link Boolean#TRUE} on a service thread; on a reader, the connection it reads. */
    private static final ThreadLocal<Object> SERVING = new ThreadLocal<>();

    private ServiceThreads() {
    }

    /** Runs {@code body} as a service thread's work (keeping a reader's role when nested in one). */
    public static void serve(Runnable body) {
        Object previous = SERVING.get();
        run(previous != null ? previous : Boolean.TRUE, previous, body);
    }

    /**
     * Runs {@code body}, the reading of {@code connection}, as a service thread's work; also on a
     * setup thread, which stays on as its connection's reader.
     */
    static void read(Connection connection, Runnable body) {
        run(connection, SERVING.get(), body);
    }

    private static void run(Object role, Object previous, Runnable body) {
        SERVING.set(role);
        try {
            body.run();
        } finally {
            if (previous == null) {
                SERVING.remove();
            } else {
                SERVING.set(previous);
            }
        }
    }

    static boolean isCurrent() {
        return SERVING.get() != null;
    }

    /** Whether the calling thread is a service thread other than {@code connection}'s reader. */
    static boolean isCurrentAndNotReading(Connection connection) {
        Object role = SERVING.get();
        return role != null && role != connection;
    }
}
