package io.beamlink.dist;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR events of the distribution layer, for Flight Recorder and JDK Mission Control. */
public final class DistEvents {
    private DistEvents() {
    }

    /** A handshake completed. */
    @Name("io.beamlink.HandshakeSucceeded")
    @Label("Handshake succeeded")
    @Category({"Beamlink", "Distribution"})
    public static final class HandshakeSucceeded extends Event {
        @Label("Peer")
        public String peer;
        @Label("Initiated")
        @Description("True when this node dialled the peer")
        public boolean initiated;
        @Label("Negotiated flags")
        public long flags;
    }

    /** A handshake did not complete. */
    @Name("io.beamlink.HandshakeFailed")
    @Label("Handshake failed")
    @Category({"Beamlink", "Distribution"})
    public static final class HandshakeFailed extends Event {
        @Label("Peer")
        @Description("The peer's name or address")
        public String peer;
        @Label("Reason")
        public String reason;
    }

    /** A connection came up. */
    @Name("io.beamlink.NodeUp")
    @Label("Node up")
    @Category({"Beamlink", "Distribution"})
    public static final class NodeUp extends Event {
        @Label("Node")
        public String node;
        @Label("Visible")
        public boolean visible;
    }

    /** A connection went down ({@code net_tick_timeout} when the peer stopped ticking). */
    @Name("io.beamlink.NodeDown")
    @Label("Node down")
    @Category({"Beamlink", "Distribution"})
    public static final class NodeDown extends Event {
        @Label("Node")
        public String node;
        @Label("Reason")
        public String reason;
    }

    /** A peer was dropped because nothing arrived for a whole tick window. */
    @Name("io.beamlink.TickTimeout")
    @Label("Tick timeout")
    @Category({"Beamlink", "Distribution"})
    public static final class TickTimeout extends Event {
        @Label("Node")
        public String node;
        @Label("Silent intervals")
        public int silentIntervals;
    }
}
