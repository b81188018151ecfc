package io.beamlink;

import io.beamlink.dist.Connection;
import io.beamlink.node.NetKernel;
import io.beamlink.node.NodeConfig;
import io.beamlink.node.NodeEvent;
import io.beamlink.node.NodeName;
import io.beamlink.node.NodeVisibility;
import io.beamlink.otp.CallException;
import io.beamlink.otp.GenCall;
import io.beamlink.otp.NetKernelResponder;
import io.beamlink.otp.Rpc;
import io.beamlink.process.Mailbox;
import io.beamlink.process.ProcessBody;
import io.beamlink.process.ProcessTable;
import io.beamlink.process.Spawned;
import io.beamlink.term.Pid;
import io.beamlink.term.Atom;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A Beamlink node: local processes (mailboxes), and, once distribution is started, a named
 * member of a cluster of Erlang, Elixir and Beamlink nodes. Before distribution starts the node
 * is {@code nonode@nohost}, as an Erlang node is.
 *
 * <pre>{@code
 * try (Node node = Node.start(NodeConfig.longName("app@127.0.0.1").cookie("secret").build())) {
 *     Mailbox inbox = node.mailbox("inbox");
 *     inbox.send(Atom.of("shell"), Atom.of("erl@127.0.0.1"), Term.tuple(Atom.of("hello"), inbox.self()));
 *     Term reply = inbox.receive(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class Node implements AutoCloseable {
    private final NodeConfig config;
    private final ProcessTable processes = new ProcessTable();
    private final ReentrantLock distributionLock = new ReentrantLock();
    private final Rpc rpc;
    private volatile NetKernel kernel;
    private volatile boolean closed;

    private Node(NodeConfig config) {
        this.config = config;
        Mailbox netKernel = processes.newMailbox();
        processes.register(NetKernelResponder.NAME, netKernel);
        Thread.ofVirtual().name("beamlink-net_kernel").start(new NetKernelResponder(netKernel));
        this.rpc = Rpc.serve(this);
    }

    /** Starts a node; with a name in the config, distribution starts too. */
    public static Node start(NodeConfig config) throws IOException {
        Node node = new Node(config);
        if (config.name().isPresent()) {
            try {
                node.startDistribution(config.name().get());
            } catch (IOException | RuntimeException e) {
                node.close();
                throw e;
            }
        }
        return node;
    }

    /** {@code net_kernel:start/2}: becomes {@code name}, registers with epmd and accepts connections. */
    public void startDistribution(NodeName name) throws IOException {
        distributionLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("node is closed");
            }
            if (kernel != null) {
                throw new IllegalStateException("distribution already started as " + kernel.self().name());
            }
            NetKernel started = NetKernel.start(config, name, processes);
            processes.attach(started);
            kernel = started;
        } finally {
            distributionLock.unlock();
        }
    }

    /** {@code net_kernel:stop/0}: closes every connection, unregisters, and is {@code nonode@nohost} again. */
    public void stopDistribution() {
        distributionLock.lock();
        try {
            NetKernel k = kernel;
            if (k != null) {
                kernel = null;
                k.close();
                processes.attach(null);
            }
        } finally {
            distributionLock.unlock();
        }
    }

    /** {@code node()}. */
    public Atom name() {
        return processes.node();
    }

    public boolean isDistributed() {
        return kernel != null;
    }

    public NodeConfig config() {
        return config;
    }

    /** The connection table, while distribution runs. */
    public Optional<NetKernel> netKernel() {
        return Optional.ofNullable(kernel);
    }

    public ProcessTable processes() {
        return processes;
    }

    /** The rpc service: register Java functions that Erlang nodes call with rpc and erpc. */
    public Rpc rpc() {
        return rpc;
    }

    /** A new mailbox with a pid. */
    public Mailbox mailbox() {
        return processes.newMailbox();
    }

    /** A new mailbox registered under {@code name}. */
    public Mailbox mailbox(String name) {
        Mailbox mailbox = processes.newMailbox();
        if (!processes.register(Atom.of(name), mailbox)) {
            mailbox.close();
            throw new IllegalArgumentException("badarg: the name " + name + " is already registered");
        }
        return mailbox;
    }

    /** {@code spawn(Fun)}: a new process running {@code body}. */
    public Pid spawn(ProcessBody body) {
        return processes.spawn(body, null, null).pid();
    }

    /** {@code spawn_link(Fun)} from {@code parent}. */
    public Pid spawnLink(Mailbox parent, ProcessBody body) {
        return processes.spawn(body, parent, null).pid();
    }

    /** {@code spawn_monitor(Fun)} from {@code watcher}. */
    public Spawned spawnMonitor(Mailbox watcher, ProcessBody body) {
        return processes.spawn(body, null, watcher);
    }

    /** {@code register(Name, Pid)} for a local pid; throws {@code badarg} as Erlang does. */
    public void register(String name, Pid pid) {
        Mailbox mailbox = processes.local(pid);
        if (mailbox == null || !processes.register(Atom.of(name), mailbox)) {
            throw new IllegalArgumentException("badarg: cannot register " + pid + " as " + name
                    + (mailbox == null ? " (no such local process)" : " (name taken, or the process has a name)"));
        }
    }

    /** {@code unregister(Name)}; throws {@code badarg} when the name is not registered. */
    public void unregister(String name) {
        if (!processes.unregister(Atom.of(name))) {
            throw new IllegalArgumentException("badarg: " + name + " is not a registered name");
        }
    }

    /** {@code whereis(Name)}: the pid, or empty ({@code undefined}). */
    public Optional<Pid> whereis(String name) {
        return Optional.ofNullable(processes.whereis(Atom.of(name))).map(Mailbox::self);
    }

    /** {@code registered()}. */
    public List<Atom> registered() {
        return processes.registered();
    }

    /** {@code nodes()}. */
    public List<Atom> nodes() {
        return nodes(NodeVisibility.VISIBLE);
    }

    /** {@code nodes(visible | hidden | connected)}. */
    public List<Atom> nodes(NodeVisibility which) {
        NetKernel k = kernel;
        return k == null ? List.of() : k.nodes(which);
    }

    /** {@code net_kernel:connect_node/1}. */
    public boolean connect(Atom node) {
        NetKernel k = kernel;
        return k != null && k.connect(node);
    }

    /** {@code erlang:disconnect_node/1}. */
    public boolean disconnect(Atom node) {
        NetKernel k = kernel;
        return k != null && k.disconnect(node);
    }

    /**
     * {@code net_adm:ping/1}: true ({@code pong}) when {@code node} answers as an
     * authenticated peer; false ({@code pang}) otherwise, and then any connection is dropped.
     */
    public boolean ping(Atom node) throws InterruptedException {
        NetKernel k = kernel;
        if (k == null) {
            return false;
        }
        if (node.equals(k.self())) {
            return true;
        }
        if (!k.connect(node)) {
            return false;
        }
        try (Mailbox caller = processes.newMailbox()) {
            Term reply = GenCall.call(caller, NetKernelResponder.NAME, node, Tuple.of(Atom.of("is_auth"), k.self()),
                    config.setupTimeout());
            if (reply.equals(Atom.of("yes"))) {
                return true;
            }
        } catch (CallException e) {
            // Not authenticated or gone: pang.
        }
        k.disconnect(node);
        return false;
    }

    /**
     * {@code net_kernel:monitor_nodes/2}; close the result to stop. The listener runs on the
     * node's connection threads, right as a connection comes up or goes down: it must return
     * quickly and never block (hand the event to a mailbox or an executor for anything more);
     * what it sends to other nodes is queued without waiting for room.
     */
    public AutoCloseable monitorNodes(boolean includeHidden, Consumer<NodeEvent> listener) {
        NetKernel k = kernel;
        if (k == null) {
            throw new IllegalStateException("distribution is not started");
        }
        return k.monitorNodes(includeHidden, listener);
    }

    /** {@code erlang:set_cookie(Cookie)}. */
    public void setCookie(String cookie) {
        requireKernel().setCookie(cookie);
    }

    /** {@code erlang:set_cookie(Node, Cookie)}. */
    public void setCookie(Atom node, String cookie) {
        requireKernel().setCookie(node, cookie);
    }

    public Optional<Connection> connection(Atom node) {
        NetKernel k = kernel;
        return k == null ? Optional.empty() : k.connection(node);
    }

    private NetKernel requireKernel() {
        NetKernel k = kernel;
        if (k == null) {
            throw new IllegalStateException("distribution is not started");
        }
        return k;
    }

    /** Stops distribution and every mailbox. */
    @Override
    public void close() {
        closed = true;
        stopDistribution();
        for (Mailbox m : processes.mailboxes()) {
            m.close(Atom.of("shutdown"));
        }
    }

    @Override
    public String toString() {
        return "Node[" + name().name() + "]";
    }

}
