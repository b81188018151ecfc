package io.beamlink.dist;

import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of one connection's counters.
 *
 * @param bytesIn bytes read, framing included
 * @param bytesOut bytes written, framing included
 * @param messagesIn control messages received
 * @param messagesOut control messages sent
 * @param ticksIn ticks received
 * @param ticksOut ticks sent
 * @param lastActivity when something was last read or written
 * @param queuedBytes bytes waiting to be written now
 * @param handshakeTime how long the handshake took
 */
public record ConnectionStats(long bytesIn, long bytesOut, long messagesIn, long messagesOut, long ticksIn,
        long ticksOut, Instant lastActivity, long queuedBytes, Duration handshakeTime) {
}
