package io.beamlink.dist;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of lazily sent frames ({@link Connection#sendLazily}): when nothing else wrote a
 * connection's lazy frames within {@link #delay()}, its writer thread is asked to. One daemon
 * thread for the whole JVM does the asking; a connection schedules at most one flush at a time,
 * so a busy one costs that thread a wake-up per delay, not per frame.
 */
record LazyWrites(Duration delay) {
    /** Long next to a remote call (tens of microseconds), short next to anything a peer could notice. */
    static final LazyWrites DEFAULT = new LazyWrites(Duration.ofMillis(5));

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("beamlink-lazy-writes").factory());

    void flushLater(Connection connection) {
        TIMER.schedule(connection::flushLazyFrames, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
