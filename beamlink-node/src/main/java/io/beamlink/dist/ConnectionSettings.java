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
 */
public record ConnectionSettings(int tickIntensity, long maxMessageSize, int fragmentSize, int maxPendingBytes,
        int maxDepth) {

    public static final ConnectionSettings DEFAULTS =
            new ConnectionSettings(4, 1L << 30, 64 * 1024, 8 << 20, 2000);

    public ConnectionSettings {
        if (tickIntensity < 4 || tickIntensity > 1000) {
            throw new IllegalArgumentException("net_tickintensity must be in 4..1000, got " + tickIntensity);
        }
        if (maxMessageSize < 1024 || fragmentSize < 1024 || maxPendingBytes < fragmentSize) {
            throw new IllegalArgumentException("connection limits too small");
        }
    }

    /** The tick interval for a net_ticktime. */
    public Duration tickInterval(Duration netTickTime) {
        return netTickTime.dividedBy(tickIntensity);
    }
}
