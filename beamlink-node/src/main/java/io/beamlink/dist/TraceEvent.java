package io.beamlink.dist;

import io.beamlink.term.Atom;
import java.time.Instant;

/**
 * One thing that happened on a connection, for tracers ({@code erlang:trace} on a connection
 * in the shell).
 *
 * @param time when it happened
 * @param peer the node at the other end
 * @param kind what happened
 * @param message the control message, for {@link Kind#MESSAGE_IN} and {@link Kind#MESSAGE_OUT}; else null
 * @param bytes the frame's size on the wire, framing included (0 for a close)
 */
public record TraceEvent(Instant time, Atom peer, Kind kind, ControlMessage message, long bytes) {

    /** The kinds of connection events. */
    public enum Kind {
        MESSAGE_IN,
        MESSAGE_OUT,
        TICK_IN,
        TICK_OUT,
        CLOSED
    }
}
