package io.beamlink.node.management;

/**
 * One distribution connection, as JConsole and VisualVM show it under
 * {@code io.beamlink:type=Connection,node=<node>,peer=<peer>}: the peer, what the handshake
 * agreed on and the connection's live counters ({@link io.beamlink.dist.ConnectionStats}).
 */
public interface ConnectionMXBean {
    /** This node's name. */
    String getNode();

    /** The node at the other end. */
    String getPeer();

    /** True when both sides published themselves (the peer is in {@code nodes()}). */
    boolean isVisible();

    /** True when this node dialled the peer. */
    boolean isInitiated();

    /** False once the connection has closed. */
    boolean isOpen();

    /** The negotiated distribution flags. */
    long getFlags();

    /** The negotiated flags by name ({@code PUBLISHED}, {@code FRAGMENTS}, ...). */
    String[] getFlagNames();

    /** The peer's creation (unsigned 32-bit). */
    long getPeerCreation();

    String getLocalAddress();

    String getRemoteAddress();

    /** Bytes read, framing included. */
    long getBytesIn();

    /** Bytes written, framing included. */
    long getBytesOut();

    long getMessagesIn();

    long getMessagesOut();

    long getTicksIn();

    long getTicksOut();

    /** When something was last read or written, ISO-8601. */
    String getLastActivity();

    /** When something was last read or written, milliseconds since the epoch. */
    long getLastActivityMillis();

    /** Bytes waiting to be written now: the send-queue depth. */
    long getQueuedBytes();

    /** How long the handshake took, in milliseconds. */
    double getHandshakeTimeMillis();
}
