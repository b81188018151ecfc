package io.beamlink.node.management;

import io.beamlink.Node;
import io.beamlink.dist.Connection;
import io.beamlink.node.NetKernel;
import io.beamlink.term.Atom;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a node as JMX MXBeans, so JConsole and VisualVM show it: one {@link NodeMXBean}
 * under {@code io.beamlink:type=Node,name=<node>} and one {@link ConnectionMXBean} per
 * connection under {@code io.beamlink:type=Connection,node=<node>,peer=<peer>}. Connection
 * beans come and go with the connections (the node's nodeup/nodedown events, hidden peers
 * included). {@link #close()} removes them all.
 *
 * <pre>{@code
 * try (Node node = Node.start(config); NodeManagement jmx = NodeManagement.register(node)) { ... }
 * }</pre>
 *
 * <p>Distribution started or stopped after registration ({@code net_kernel:start/stop}) changes
 * the node's name and connection table; call {@link #refresh()} then.
 */
public final class NodeManagement implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeManagement.class);
    public static final String DOMAIN = "io.beamlink";

    private final Node node;
    private final MBeanServer server;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Atom, Registered> connections = new HashMap<>();
    private ObjectName nodeName;
    private Atom registeredAs;
    private NetKernel watched;
    private AutoCloseable subscription;
    private boolean closed;

    private NodeManagement(Node node, MBeanServer server) {
        this.node = node;
        this.server = server;
    }

    /** Registers {@code node} in the platform MBean server. */
    public static NodeManagement register(Node node) {
        return register(node, ManagementFactory.getPlatformMBeanServer());
    }

    /**
     * Registers {@code node} in {@code server}.
     *
     * @throws IllegalStateException when a node of the same name is registered there already
     */
    public static NodeManagement register(Node node, MBeanServer server) {
        NodeManagement management = new NodeManagement(node, server);
        management.refresh();
        return management;
    }

    /** The node bean's name: {@code io.beamlink:type=Node,name=<node>}. */
    public static ObjectName nodeObjectName(Atom node) {
        return objectName("type=Node,name=" + value(node.name()));
    }

    /** A connection bean's name: {@code io.beamlink:type=Connection,node=<node>,peer=<peer>}. */
    public static ObjectName connectionObjectName(Atom node, Atom peer) {
        return objectName("type=Connection,node=" + value(node.name()) + ",peer=" + value(peer.name()));
    }

    /**
     * Brings the beans in line with the node: re-registers under the node's current name and
     * follows the current connection table. Called on registration; call it again after
     * distribution was started or stopped.
     */
    public void refresh() {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("node management was closed");
            }
            Atom name = node.name();
            if (!name.equals(registeredAs)) {
                unregisterAll();
                nodeName = nodeObjectName(name);
                register(new NodeView(node), nodeName);
                registeredAs = name;
            }
            NetKernel kernel = node.netKernel().orElse(null);
            if (kernel != watched) {
                stopWatching();
                watched = kernel;
                if (kernel != null) {
                    subscription = kernel.monitorNodes(true, event -> syncConnections());
                }
            }
            syncConnections();
        } finally {
            lock.unlock();
        }
    }

    /** Registers a bean per live connection of the watched kernel and removes the others. */
    private void syncConnections() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            Set<Atom> live = new HashSet<>();
            if (watched != null) {
                for (Connection c : watched.connections()) {
                    live.add(c.peer());
                    Registered known = connections.get(c.peer());
                    if (known != null && known.view.connection() == c) {
                        continue;
                    }
                    if (known != null) {
                        unregister(known.name);
                    }
                    ConnectionView view = new ConnectionView(registeredAs, c);
                    ObjectName name = connectionObjectName(registeredAs, c.peer());
                    if (register(view, name)) {
                        connections.put(c.peer(), new Registered(name, view));
                    } else {
                        connections.remove(c.peer());
                    }
                }
            }
            connections.entrySet().removeIf(e -> {
                if (live.contains(e.getKey())) {
                    return false;
                }
                unregister(e.getValue().name);
                return true;
            });
        } finally {
            lock.unlock();
        }
    }

    /** Removes every bean of the node. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            stopWatching();
            unregisterAll();
        } finally {
            lock.unlock();
        }
    }

    private void stopWatching() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debug("stopping the node monitor of the JMX beans failed", e);
            }
            subscription = null;
        }
        watched = null;
    }

    private void unregisterAll() {
        for (Registered r : connections.values()) {
            unregister(r.name);
        }
        connections.clear();
        if (nodeName != null) {
            unregister(nodeName);
            nodeName = null;
            registeredAs = null;
        }
    }

    /** Registers a bean; a node name taken by another node is the caller's mistake, a connection clash is logged. */
    private boolean register(Object bean, ObjectName name) {
        try {
            server.registerMBean(bean, name);
            return true;
        } catch (javax.management.InstanceAlreadyExistsException e) {
            if (bean instanceof NodeView) {
                throw new IllegalStateException("another node named " + node.name().name()
                        + " is already registered for JMX in this JVM (" + name + ")", e);
            }
            LOG.warn("JMX bean {} already exists; this connection is not published", name);
            return false;
        } catch (JMException e) {
            throw new IllegalStateException("cannot register JMX bean " + name + ": " + e.getMessage(), e);
        }
    }

    private void unregister(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // Already gone: someone unregistered it through JMX.
        } catch (JMException e) {
            LOG.warn("cannot unregister JMX bean {}: {}", name, e.getMessage());
        }
    }

    private static ObjectName objectName(String properties) {
        try {
            return new ObjectName(DOMAIN + ":" + properties);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not a valid JMX name: " + properties, e);
        }
    }

    /** Node names go in unquoted unless they hold a character JMX reserves. */
    private static String value(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (",=:\"*?\n\\".indexOf(text.charAt(i)) >= 0) {
                return ObjectName.quote(text);
            }
        }
        return text;
    }

    private record Registered(ObjectName name, ConnectionView view) {
    }
}
