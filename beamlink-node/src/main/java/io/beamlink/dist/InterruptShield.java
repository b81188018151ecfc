package io.beamlink.dist;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds Beamlink's own interrupts back from a virtual thread while it writes to a connection's
 * socket, and delivers them when the write is done. The JDK closes the socket of a virtual
 * thread that is interrupted while its write waits for room; a process killed by an exit signal
 * while it sends to a node that reads slowly would then take the connection to that node, and
 * every link and monitor over it, down with it. In Erlang the kill ends only the process, and
 * the message it was sending arrives whole.
 *
 * <p>An interrupt from code that does not go through {@link #interrupt} still closes the socket.
 */
public final class InterruptShield {
    /** Virtual threads inside a shielded write, each mapped to whether an interrupt waits for it. */
    private static final ConcurrentHashMap<Thread, Boolean> WRITING = new ConcurrentHashMap<>();

    private InterruptShield() {
    }

    /** Interrupts {@code thread} now, or as soon as it finishes the socket write it is in. */
    public static void interrupt(Thread thread) {
        WRITING.compute(thread, (writer, pending) -> {
            if (pending == null) {
                writer.interrupt();
                return null;
            }
            return Boolean.TRUE;
        });
    }

    /** Called before a socket write; from here on, {@link #interrupt} waits for {@link #leave}. */
    static void enter() {
        Thread current = Thread.currentThread();
        if (current.isVirtual()) {
            WRITING.put(current, Boolean.FALSE);
        }
    }

    /** Called after the write, even a failed one: delivers an interrupt that waited. */
    static void leave() {
        Thread current = Thread.currentThread();
        if (current.isVirtual() && Boolean.TRUE.equals(WRITING.remove(current))) {
            current.interrupt();
        }
    }
}
