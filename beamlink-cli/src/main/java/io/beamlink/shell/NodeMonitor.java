package io.beamlink.shell;

import io.beamlink.Node;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Pid;
import io.beamlink.term.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell's {@code net_kernel:monitor_nodes(true)}: {@code {nodeup, Node}} and
 * {@code {nodedown, Node}} messages in the shell's mailbox, sent by the {@code net_kernel}
 * process as in erl.
 */
final class NodeMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeMonitor.class);
    private AutoCloseable subscription;

    /** Starts (or restarts) delivery to {@code subscriber}; {@code includeHidden} as {@code {node_type, all}}. */
    void start(Node node, Pid subscriber, boolean includeHidden) {
        close();
        Mailbox sender = node.processes().whereis(Atom.of("net_kernel"));
        Mailbox from = sender != null ? sender : node.mailbox();
        subscription = node.monitorNodes(includeHidden, event ->
                from.send(subscriber, Tuple.of(Atom.of(event.up() ? "nodeup" : "nodedown"), event.node())));
    }

    boolean isActive() {
        return subscription != null;
    }

    @Override
    public void close() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debug("stopping the shell's node monitor failed", e);
            }
            subscription = null;
        }
    }
}
