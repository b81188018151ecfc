package io.beamlink.process;

import java.lang.ref.WeakReference;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Wakes receivers whose timeout has come. A mailbox keeps at most one wake-up pending and
 * reuses it while its receives' deadlines are no earlier, so a loop of calls with the same
 * timeout schedules about one wake-up per timeout period instead of a timer per receive (a
 * timed park of a virtual thread schedules and cancels one, waking the JDK's timer thread
 * twice). An early wake-up is harmless: the receiver rescans, then waits again.
 */
final class ReceiveTimer {
    private static final ScheduledThreadPoolExecutor TIMER = newTimer();

    private ReceiveTimer() {
    }

    private static ScheduledThreadPoolExecutor newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                task -> Thread.ofPlatform().daemon().name("beamlink-receive-timer").unstarted(task));
        return timer;
    }

    /** A wake-up at {@code due}, a {@link System#nanoTime()} value; a mailbox tells its own from a replaced one by identity. */
    static final class WakeUp {
        private final long due;

        WakeUp(long due) {
            this.due = due;
        }

        long due() {
            return due;
        }
    }

    /**
     * Calls {@link Mailbox#wakeUpDue} when {@code wakeUp} is due. The mailbox is held weakly: a
     * wake-up for a long timeout does not keep a dead process's mailbox alive until it fires.
     */
    static void schedule(Mailbox mailbox, WakeUp wakeUp) {
        WeakReference<Mailbox> target = new WeakReference<>(mailbox);
        TIMER.schedule(() -> {
            Mailbox m = target.get();
            if (m != null) {
                m.wakeUpDue(wakeUp);
            }
        }, wakeUp.due() - System.nanoTime(), TimeUnit.NANOSECONDS);
    }
}
