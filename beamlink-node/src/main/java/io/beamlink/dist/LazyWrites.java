package io.beamlink.dist;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of lazily sent frames ({@link Connection#sendLazily}): one daemon thread for the
 * whole JVM, which hands a connection's lazy frames to its writer thread when nothing else wrote
 * them within {@link #DELAY}. A connection schedules at most one such flush at a time, so a busy
 * one costs this thread a wake-up per delay, not per frame.
 */
final class LazyWrites {
    /** Long next to a remote call (tens of microseconds), short next to anything a peer could notice. */
    static final Duration DELAY = Duration.ofMillis(5);

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("beamlink-lazy-writes").factory());

    private LazyWrites() {
    }

    static void flushLater(Connection connection) {
        TIMER.schedule(connection::flushLazyFrames, DELAY.toNanos(), TimeUnit.NANOSECONDS);
    }
}
