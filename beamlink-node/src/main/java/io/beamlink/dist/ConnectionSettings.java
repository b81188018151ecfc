package io.beamlink.dist;

import java.time.Duration;

/**
 * Limits and tuning of one connection.
 *
 * @param tickIntensity ticks per net_ticktime; the peer is dropped after this many silent intervals
 * @param maxMessageSize the largest inbound message (frame, or reassembled fragments) accepted
 * @param fragmentSize the largest outbound frame when the peer takes fragments
 * @param maxPendingBytes how much a sender may queue before it waits for the socket (backpressure)
 * @param maxDepth the deepest term nesting accepted from the peer
 * @param readerThread what kind of thread reads the socket
 * @param lazyWriteDelay how long a frame sent lazily (a remote call's {@code DEMONITOR}, the reply
 *     to a remote spawn request) waits for another write on the connection to take it along,
 *     before the connection's writer thread writes it
 */
public record ConnectionSettings(int tickIntensity, long maxMessageSize, int fragmentSize, int maxPendingBytes,
        int maxDepth, ReaderThread readerThread, Duration lazyWriteDelay) {

    /** Long next to a remote call (tens of microseconds), short next to anything a peer could notice. */
    public static final Duration DEFAULT_LAZY_WRITE_DELAY = Duration.ofMillis(5);

    public static final ConnectionSettings DEFAULTS =
            new ConnectionSettings(4, 1L << 30, 64 * 1024, 8 << 20, 2000, ReaderThread.PLATFORM);

    /** The thread that reads a connection's socket, decodes and delivers what arrives. */
    public enum ReaderThread {
        /**
         * A platform thread (with a small stack) per connection: the kernel wakes it when data
         * arrives, which takes a hand-off out of every message's way (round trips about half as
         * long as with a virtual thread on a busy 2-CPU machine). The default: a node has few
         * connections.
         */
        PLATFORM,
        /** A virtual thread per connection, woken through the JDK's poller: for nodes with thousands of connections. */
        VIRTUAL
    }

    /** With the {@linkplain #DEFAULT_LAZY_WRITE_DELAY default lazy write delay}. */
    public ConnectionSettings(int tickIntensity, long maxMessageSize, int fragmentSize, int maxPendingBytes,
            int maxDepth, ReaderThread readerThread) {
        this(tickIntensity, maxMessageSize, fragmentSize, maxPendingBytes, maxDepth, readerThread,
                DEFAULT_LAZY_WRITE_DELAY);
    }

    public ConnectionSettings {
        if (tickIntensity < 4 || tickIntensity > 1000) {
            throw new IllegalArgumentException("net_tickintensity must be in 4..1000, got " + tickIntensity);
        }
        if (maxMessageSize < 1024 || fragmentSize < 1024 || maxPendingBytes < fragmentSize) {
            throw new IllegalArgumentException("connection limits too small");
        }
        java.util.Objects.requireNonNull(readerThread, "readerThread");
        java.util.Objects.requireNonNull(lazyWriteDelay, "lazyWriteDelay");
        if (lazyWriteDelay.isNegative()) {
            throw new IllegalArgumentException("lazyWriteDelay must not be negative, got " + lazyWriteDelay);
        }
    }

    public ConnectionSettings withReaderThread(ReaderThread thread) {
        return new ConnectionSettings(tickIntensity, maxMessageSize, fragmentSize, maxPendingBytes, maxDepth, thread,
                lazyWriteDelay);
    }

    public ConnectionSettings withTickIntensity(int intensity) {
        return new ConnectionSettings(intensity, maxMessageSize, fragmentSize, maxPendingBytes, maxDepth, readerThread,
                lazyWriteDelay);
    }

    public ConnectionSettings withLazyWriteDelay(Duration delay) {
        return new ConnectionSettings(tickIntensity, maxMessageSize, fragmentSize, maxPendingBytes, maxDepth,
                readerThread, delay);
    }

    /** The tick interval for a net_ticktime. */
    public Duration tickInterval(Duration netTickTime) {
        return netTickTime.dividedBy(tickIntensity);
    }
}
