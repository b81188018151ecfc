package io.beamlink.node.management;

import io.beamlink.Node;
import io.beamlink.dist.Connection;
import io.beamlink.dist.ConnectionStats;
import io.beamlink.node.NetKernel;
import io.beamlink.node.NodeVisibility;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import java.util.List;
import java.util.function.ToLongFunction;

/** The {@link NodeMXBean} of one node: reads the node on every call. */
final class NodeView implements NodeMXBean {
    private final Node node;

    NodeView(Node node) {
        this.node = node;
    }

    @Override
    public String getName() {
        return node.name().name();
    }

    @Override
    public boolean isDistributed() {
        return node.isDistributed();
    }

    @Override
    public long getCreation() {
        return node.netKernel().map(k -> Integer.toUnsignedLong(k.creation())).orElse(0L);
    }

    @Override
    public int getListenPort() {
        return node.netKernel().map(NetKernel::listenPort).orElse(0);
    }

    @Override
    public long getNetTickTimeSeconds() {
        return node.config().netTickTime().toSeconds();
    }

    @Override
    public int getConnectionCount() {
        return connections().size();
    }

    @Override
    public String[] getConnectedNodes() {
        return node.nodes(NodeVisibility.CONNECTED).stream().map(Atom::name).sorted().toArray(String[]::new);
    }

    @Override
    public int getProcessCount() {
        return (int) node.processes().mailboxes().stream().filter(Mailbox::isAlive).count();
    }

    @Override
    public String[] getRegisteredNames() {
        return node.processes().registered().stream().map(Atom::name).sorted().toArray(String[]::new);
    }

    @Override
    public long getBytesIn() {
        return sum(ConnectionStats::bytesIn);
    }

    @Override
    public long getBytesOut() {
        return sum(ConnectionStats::bytesOut);
    }

    @Override
    public long getMessagesIn() {
        return sum(ConnectionStats::messagesIn);
    }

    @Override
    public long getMessagesOut() {
        return sum(ConnectionStats::messagesOut);
    }

    private List<Connection> connections() {
        return node.netKernel().map(NetKernel::connections).orElse(List.of());
    }

    private long sum(ToLongFunction<ConnectionStats> figure) {
        long total = 0;
        for (Connection c : connections()) {
            total += figure.applyAsLong(c.stats());
        }
        return total;
    }
}
