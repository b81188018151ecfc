package io.beamlink.process;

import java.util.concurrent.locks.LockSupport;

/**
 * Wake-ups of receivers that a connection's reader holds back while it dispatches a run of
 * messages, and gives at the end of the run ({@link #release()}).
 *
 * <p>A receiver that keeps up with a stream parks whenever it has caught up, so without this
 * every message of the stream would cost the reader an unpark: a submit to the virtual thread
 * scheduler, which wakes an idle carrier with a system call. Held back, a receiver is woken once
 * per run and finds the whole run in its mailbox. The reader ends a run before each socket read,
 * before a large message and after a bounded number of messages; {@code ProcessTable} releases
 * the wake-ups before it handles any other signal, which may take longer than a message (an
 * exit can end processes, whose links and monitors are then told).
 */
final class HeldWakeups {
    /** Receivers held at most; one more releases those first. */
    private static final int CAPACITY = 16;
    private static final ThreadLocal<HeldWakeups> OF_THREAD = ThreadLocal.withInitial(HeldWakeups::new);

    private final Thread[] held = new Thread[CAPACITY];
    private int count;

    private HeldWakeups() {
    }

    /** Holds back the unpark of {@code thread} until this thread calls {@link #release()}. */
    static void hold(Thread thread) {
        HeldWakeups wakeups = OF_THREAD.get();
        if (wakeups.count == CAPACITY) {
            wakeups.unparkAll();
        }
        wakeups.held[wakeups.count++] = thread;
    }

    /** Unparks every thread this thread held back. */
    static void release() {
        OF_THREAD.get().unparkAll();
    }

    private void unparkAll() {
        for (int i = 0; i < count; i++) {
            LockSupport.unpark(held[i]);
            held[i] = null;
        }
        count = 0;
    }
}
