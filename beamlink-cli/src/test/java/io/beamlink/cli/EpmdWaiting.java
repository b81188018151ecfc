package io.beamlink.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition a bounded number of times (this module's tests do without Awaitility). */
final class EpmdWaiting {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final long INTERVAL_MILLIS = 50;

    private EpmdWaiting() {
    }

    /** Returns once {@code condition} holds; fails after 30 s. Exceptions count as "not yet". */
    static void until(String what, Callable<Boolean> condition) throws InterruptedException {
        long attempts = PATIENCE.toMillis() / INTERVAL_MILLIS;
        Exception last = null;
        for (long i = 0; i < attempts; i++) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(INTERVAL_MILLIS);
        }
        throw new AssertionError("not within " + PATIENCE.toSeconds() + " s: " + what, last);
    }
}
