package io.beamlink.node.management;

/**
 * Node-level figures of a Beamlink node, as JConsole and VisualVM show them under
 * {@code io.beamlink:type=Node,name=<node>}. Every attribute is read live from the node.
 */
public interface NodeMXBean {
    /** {@code node()}: the full node name, {@code nonode@nohost} without distribution. */
    String getName();

    boolean isDistributed();

    /** The creation epmd gave this incarnation (unsigned 32-bit), 0 without distribution. */
    long getCreation();

    /** The distribution listen port, 0 without distribution. */
    int getListenPort();

    /** {@code net_ticktime} in seconds. */
    long getNetTickTimeSeconds();

    /** Connections up now, visible and hidden. */
    int getConnectionCount();

    /** {@code nodes(connected)}. */
    String[] getConnectedNodes();

    /** Live mailboxes (Beamlink processes) on the node. */
    int getProcessCount();

    /** {@code registered()}. */
    String[] getRegisteredNames();

    /** Sum of {@code bytesIn} over the connections up now. */
    long getBytesIn();

    /** Sum of {@code bytesOut} over the connections up now. */
    long getBytesOut();

    /** Sum of {@code messagesIn} over the connections up now. */
    long getMessagesIn();

    /** Sum of {@code messagesOut} over the connections up now. */
    long getMessagesOut();
}
