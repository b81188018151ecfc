package io.beamlink.node.management;

import io.beamlink.dist.Connection;
import io.beamlink.dist.DistFlags;
import io.beamlink.term.Atom;

/** The {@link ConnectionMXBean} of one connection: reads its live counters on every call. */
final class ConnectionView implements ConnectionMXBean {
    private final Atom node;
    private final Connection connection;

    ConnectionView(Atom node, Connection connection) {
        this.node = node;
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    @Override
    public String getNode() {
        return node.name();
    }

    @Override
    public String getPeer() {
        return connection.peer().name();
    }

    @Override
    public boolean isVisible() {
        return connection.handshake().visible();
    }

    @Override
    public boolean isInitiated() {
        return connection.handshake().initiated();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public long getFlags() {
        return connection.flags();
    }

    @Override
    public String[] getFlagNames() {
        return DistFlags.names(connection.flags()).toArray(String[]::new);
    }

    @Override
    public long getPeerCreation() {
        return Integer.toUnsignedLong(connection.handshake().peerCreation());
    }

    @Override
    public String getLocalAddress() {
        return String.valueOf(connection.localAddress());
    }

    @Override
    public String getRemoteAddress() {
        return String.valueOf(connection.remoteAddress());
    }

    @Override
    public long getBytesIn() {
        return connection.stats().bytesIn();
    }

    @Override
    public long getBytesOut() {
        return connection.stats().bytesOut();
    }

    @Override
    public long getMessagesIn() {
        return connection.stats().messagesIn();
    }

    @Override
    public long getMessagesOut() {
        return connection.stats().messagesOut();
    }

    @Override
    public long getTicksIn() {
        return connection.stats().ticksIn();
    }

    @Override
    public long getTicksOut() {
        return connection.stats().ticksOut();
    }

    @Override
    public String getLastActivity() {
        return connection.stats().lastActivity().toString();
    }

    @Override
    public long getLastActivityMillis() {
        return connection.stats().lastActivity().toEpochMilli();
    }

    @Override
    public long getQueuedBytes() {
        return connection.stats().queuedBytes();
    }

    @Override
    public double getHandshakeTimeMillis() {
        return connection.stats().handshakeTime().toNanos() / 1e6;
    }
}
