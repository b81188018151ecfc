package io.beamlink.dist;

/**
 * The threads that serve every connection: each connection's reader, the node's ticker, its
 * acceptor and its connection setup threads. What they send on behalf of what they handle (the
 * exit a link passes on when a signal or a nodedown kills a process, the answer to a monitor of
 * a dead process, a spawn request's reply) never waits for room in a full queue, and is written
 * by the connection's writer thread, not by the service thread. Otherwise a peer that stops
 * reading would stall the reading of every other connection, or the ticks of all of them; and
 * two nodes whose readers both wrote answers to each other could each wait, with both sockets'
 * buffers full, for the other to read. OTP does the same: handling incoming signals never blocks
 * on a busy distribution port. (A spawn request's reply is queued lazily instead: the new process
 * writes it, with its first send, before it first waits or when it ends, and the writer thread
 * only if none of these comes within the lazy write delay; see {@code ProcessTable}.)
 *
 * <p>Such sends may take a queue over {@link ConnectionSettings#maxPendingBytes()}, up to four
 * times that: a peer that lets more pile up does not read even the answers to what it sends,
 * and its connection is closed. Closing a connection, whoever does it, runs the nodedown
 * handling as service work too.
 */
public final class ServiceThreads {
    private static final ThreadLocal<Boolean> SERVING = new ThreadLocal<>();

    private ServiceThreads() {
    }

    /** Runs {@code body} as a service thread's work. */
    public static void serve(Runnable body) {
        if (SERVING.get() != null) {
            body.run();
            return;
        }
        SERVING.set(Boolean.TRUE);
        try {
            body.run();
        } finally {
            SERVING.remove();
        }
    }

    /** Whether the calling thread is doing a service thread's work. */
    public static boolean isCurrent() {
        return SERVING.get() != null;
    }
}
