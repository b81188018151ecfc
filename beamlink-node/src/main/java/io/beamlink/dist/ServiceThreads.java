package io.beamlink.dist;

/**
 * The threads that serve every connection: each connection's reader, the node's ticker, its
 * acceptor and its connection setup threads. What they send on behalf of what they handle (the
 * exit a link passes on when a signal or a nodedown kills a process, the answer to a monitor of
 * a dead process) is queued for the connection's writer thread: it never waits for room in a
 * full queue and never writes to a socket on a service thread. Otherwise a peer that stops
 * reading would stall the reading of every other connection, or the ticks of all of them. OTP
 * does the same: handling incoming signals never blocks on a busy distribution port. Such sends
 * may take a queue over {@link ConnectionSettings#maxPendingBytes()}, up to four times that: a
 * peer that lets more pile up does not read even the answers to what it sends, and its
 * connection is closed. Closing a connection, whoever does it, runs the nodedown handling as
 * service work too.
 */
public final class ServiceThreads {
    private static final ThreadLocal<Boolean> SERVING = new ThreadLocal<>();

    private ServiceThreads() {
    }

    /** Runs {@code body} as a service thread's work. */
    public static void serve(Runnable body) {
        boolean outermost = SERVING.get() == null;
        SERVING.set(Boolean.TRUE);
        try {
            body.run();
        } finally {
            if (outermost) {
                SERVING.remove();
            }
        }
    }

    static boolean isCurrent() {
        return SERVING.get() != null;
    }
}
