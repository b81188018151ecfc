package io.beamlink.dist;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of lazily sent frames ({@link Connection#sendLazily}): when nothing else wrote a
 * connection's lazy frames within {@link #delay()} ({@link ConnectionSettings#lazyWriteDelay()}),
 * its writer thread is asked to. One daemon thread for the whole JVM does the asking; a
 * connection schedules at most one flush at a time, so a busy one costs that thread a wake-up per
 * delay, not per frame.
 */
record LazyWrites(Duration delay) {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("beamlink-lazy-writes").factory());

    void flushLater(Connection connection) {
        TIMER.schedule(connection::flushLazyFrames, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
