package io.beamlink.node;

import io.beamlink.dist.Connection;
import io.beamlink.dist.ConnectionSettings;
import io.beamlink.dist.ControlMessage;
import io.beamlink.dist.DistEvents;
import io.beamlink.dist.DistFlags;
import io.beamlink.dist.Handshake;
import io.beamlink.dist.HandshakeException;
import io.beamlink.dist.HandshakeResult;
import io.beamlink.dist.HandshakeStatus;
import io.beamlink.dist.ServiceThreads;
import io.beamlink.epmd.EpmdRegistration;
import io.beamlink.term.Atom;
import io.beamlink.term.Term;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection table of a distributed node, as OTP's net_kernel keeps it: the listener, the
 * epmd registration, one {@link Connection} per peer, connection setup in both directions
 * (simultaneous connects resolved as OTP resolves them), auto-connect on send, ticks, and
 * nodeup/nodedown events.
 */
public final class NetKernel implements AutoCloseable {
    /**
     * Messages a connection attempt holds before an ordinary sender that adds one more waits for
     * the attempt to end (its message queued), as OTP suspends a process whose distribution
     * queue is busy; service threads never wait.
     */
    public static final int QUEUED_WHILE_CONNECTING = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(NetKernel.class);
    /** Setup and reading are iterative and shallow; a small stack keeps a platform thread cheap. */
    private static final long SETUP_STACK_BYTES = 256 * 1024;

    /** Where the kernel delivers what peers send and tells about lost nodes. */
    public interface Inbound {
        /**
         * On a connection's reader thread; see {@link Connection.Listener#onMessage}. What it
         * holds back for the run (receivers' wake-ups) waits for {@link #onRunDispatched} on the
         * same thread, so a caller of this method must also call that one.
         */
        void onMessage(Atom fromNode, ControlMessage message);

        /** On the same reader thread; see {@link Connection.Listener#onRunDispatched}. */
        void onRunDispatched();

        void onNodeDown(Atom node, Term reason);
    }

    /** Our flags: everything Beamlink implements, and PUBLISHED unless hidden. */
    static final long LOCAL_FLAGS = DistFlags.REQUIRED | DistFlags.MANDATORY_25_DIGEST | DistFlags.DIST_MONITOR
            | DistFlags.DIST_MONITOR_NAME | DistFlags.EXIT_PAYLOAD | DistFlags.SEND_SENDER | DistFlags.FRAGMENTS
            | DistFlags.UNICODE_IO | DistFlags.SMALL_ATOM_TAGS | DistFlags.BIG_SEQTRACE_LABELS | DistFlags.SPAWN
            | DistFlags.ALIAS;

    private final NodeConfig config;
    private final NodeName name;
    private final Atom self;
    private final Inbound inbound;
    private final long localFlags;
    private final ServerSocket listener;
    private final EpmdLink epmd;
    private final int creation;
    private final Handshake handshake;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Atom, Connection> connections = new ConcurrentHashMap<>();
    private final Map<Atom, Attempt> attempts = new ConcurrentHashMap<>();
    /** Connections a restarted peer's new connection replaced, until their close is handled; guarded by the lock. */
    private final Set<Connection> replacedConnections = new HashSet<>();
    private final Set<Atom> barred = ConcurrentHashMap.newKeySet();
    private final Map<Atom, String> peerCookies = new ConcurrentHashMap<>();
    private final List<Subscription> monitors = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker;
    /**
     * Platform threads for connection setup (epmd lookup, connect, handshake: a dozen blocking
     * steps, each a poller round on a virtual thread). With platform reader threads the setup
     * thread then stays on as the connection's reader.
     */
    private final ExecutorService setupThreads;
    private volatile String cookie;
    private volatile boolean closed;

    private NetKernel(NodeConfig config, NodeName name, String cookie, Inbound inbound, ServerSocket listener,
            EpmdLink epmd) {
        this.config = config;
        this.name = name;
        this.self = name.atom();
        this.cookie = cookie;
        this.inbound = inbound;
        this.listener = listener;
        this.epmd = epmd;
        this.creation = epmd.creation();
        this.localFlags = config.hidden() ? LOCAL_FLAGS : LOCAL_FLAGS | DistFlags.PUBLISHED;
        this.handshake = new Handshake(name.full(), localFlags, creation, this::cookieFor, config.setupTimeout());
        this.ticker = Executors.newSingleThreadScheduledExecutor(serviceThreads(
                Thread.ofPlatform().daemon().name("beamlink-ticker-" + name.alive()).factory()));
        this.setupThreads = Executors.newCachedThreadPool(serviceThreads(
                Thread.ofPlatform().daemon().stackSize(SETUP_STACK_BYTES).name("beamlink-setup-" + name.alive() + "-", 1)
                        .factory()));
    }

    /** Threads that handle the ticks and the connections' setup and close: see {@link ServiceThreads}. */
    private static ThreadFactory serviceThreads(ThreadFactory factory) {
        return work -> factory.newThread(() -> ServiceThreads.serve(work));
    }

    /**
     * Starts distribution: binds the listener, registers with epmd (starting an embedded one
     * when none answers and the config allows it), and starts accepting and ticking.
     */
    public static NetKernel start(NodeConfig config, NodeName name, Inbound inbound) throws IOException {
        String cookie = config.cookie().isPresent() ? config.cookie().get() : Cookies.readOrCreate(config.cookieFile());
        ServerSocket listener = Listener.bind(config);
        EpmdLink epmd;
        try {
            epmd = EpmdLink.register(config, name, listener.getLocalPort());
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        NetKernel kernel = new NetKernel(config, name, cookie, inbound, listener, epmd);
        kernel.startThreads();
        LOG.info("distribution started as {} on port {} (creation {})", name, listener.getLocalPort(),
                Integer.toUnsignedString(kernel.creation));
        return kernel;
    }

    private void startThreads() {
        Thread.ofPlatform().daemon().stackSize(SETUP_STACK_BYTES).name("beamlink-acceptor-" + name.alive())
                .start(() -> ServiceThreads.serve(this::acceptLoop));
        long interval = config.connection().tickInterval(config.netTickTime()).toMillis();
        ticker.scheduleAtFixedRate(this::tickAll, interval, interval, TimeUnit.MILLISECONDS);
    }

    public Atom self() {
        return self;
    }

    public NodeName name() {
        return name;
    }

    public int creation() {
        return creation;
    }

    public int listenPort() {
        return listener.getLocalPort();
    }

    public SocketAddress listenAddress() {
        return listener.getLocalSocketAddress();
    }

    public NodeConfig config() {
        return config;
    }

    /** The flags this node advertises in handshakes. */
    public long localFlags() {
        return localFlags;
    }

    /** The epmd registration's address, or empty without epmd. */
    public Optional<EpmdRegistration> epmdRegistration() {
        return epmd.registration();
    }

    public String cookie() {
        return cookie;
    }

    /** {@code erlang:set_cookie(Cookie)}. */
    public void setCookie(String cookie) {
        NodeConfig.checkCookie(cookie);
        this.cookie = cookie;
    }

    /** {@code erlang:set_cookie(Node, Cookie)}: the cookie used with one peer. */
    public void setCookie(Atom node, String cookie) {
        NodeConfig.checkCookie(cookie);
        peerCookies.put(node, cookie);
    }

    String cookieFor(String peerName) {
        String perPeer = peerCookies.get(Atom.of(peerName));
        return perPeer != null ? perPeer : cookie;
    }

    /** The live connection to {@code node}, if any. */
    public Optional<Connection> connection(Atom node) {
        return Optional.ofNullable(connections.get(node));
    }

    public List<Connection> connections() {
        return List.copyOf(connections.values());
    }

    /** {@code nodes/1}. */
    public List<Atom> nodes(NodeVisibility which) {
        List<Atom> result = new ArrayList<>();
        for (Connection c : connections.values()) {
            boolean visible = c.handshake().visible();
            if (which == NodeVisibility.CONNECTED || (which == NodeVisibility.VISIBLE) == visible) {
                result.add(c.peer());
            }
        }
        return result;
    }

    /**
     * Sends a control message to {@code node}, connecting first when needed and allowed by
     * {@code dist_auto_connect}. While a connection is being set up, messages wait in order and
     * go out once it is up; if setup fails they are dropped, as Erlang drops them. Returns false
     * when the message was dropped at once.
     */
    public boolean send(Atom node, ControlMessage message) {
        Connection c = connections.get(node);
        if (c != null && c.send(message)) {
            return true;
        }
        return sendSlow(node, message, mayAutoConnect(node));
    }

    /**
     * Sends a control message nothing waits for (see {@link Connection#sendLazily}) over an
     * existing connection; without one, as {@link #send} does.
     */
    public boolean sendLazily(Atom node, ControlMessage message) {
        Connection c = connections.get(node);
        if (c != null && c.sendLazily(message)) {
            return true;
        }
        return sendSlow(node, message, mayAutoConnect(node));
    }

    /** Writes what is queued for {@code node} on the calling thread (see {@link Connection#flush}), if connected. */
    public void flush(Atom node) {
        Connection c = connections.get(node);
        if (c != null) {
            c.flush();
        }
    }

    private boolean mayAutoConnect(Atom node) {
        return config.autoConnect() != AutoConnect.NEVER && !barred.contains(node);
    }

    /** Sends only over an existing connection (Erlang's {@code noconnect}); false when there is none. */
    public boolean sendNoConnect(Atom node, ControlMessage message) {
        Connection c = connections.get(node);
        return c != null && c.send(message);
    }

    private boolean sendSlow(Atom node, ControlMessage message, boolean mayConnect) {
        Connection c;
        Attempt crowded;
        lock.lock();
        try {
            c = connections.get(node);
            if (c == null) {
                Attempt attempt = queueForAttempt(node, message, mayConnect);
                if (attempt == null) {
                    return false;
                }
                if (attempt.queued.size() <= QUEUED_WHILE_CONNECTING || ServiceThreads.isCurrent()) {
                    return true;
                }
                crowded = attempt;
            } else {
                crowded = null;
            }
        } finally {
            lock.unlock();
        }
        // Outside the lock: a send may wait, and the lock must not wait for a peer.
        if (crowded != null) {
            crowded.await(config.setupTimeout().multipliedBy(3));
            return true;
        }
        return c.send(message);
    }

    /**
     * Called under the lock: queues the message until a connection attempt (started if need be)
     * ends, and returns that attempt; null when no attempt may be made.
     */
    private Attempt queueForAttempt(Atom node, ControlMessage message, boolean mayConnect) {
        Attempt attempt = attempts.get(node);
        if (attempt == null) {
            if (!mayConnect || closed || node.equals(self)) {
                return null;
            }
            attempt = startAttempt(node);
        }
        attempt.queued.add(message);
        return attempt;
    }

    /**
     * {@code net_kernel:connect_node/1}: connects (or finds the connection) and waits until it is
     * up. Lifts the {@code dist_auto_connect once} bar. Returns false when the node cannot be
     * reached or refuses us.
     */
    public boolean connect(Atom node) {
        return connectOrExplain(node).isEmpty();
    }

    /** Like {@link #connect} but says why a connection failed: empty when connected. */
    public Optional<String> connectOrExplain(Atom node) {
        barred.remove(node);
        return awaitConnection(node);
    }

    /**
     * Whether {@code node} is connected, connecting first if {@code dist_auto_connect} allows
     * (what links and monitors to a remote process need before they can promise a signal).
     */
    public boolean ensureConnected(Atom node) {
        if (connections.containsKey(node)) {
            return true;
        }
        if (config.autoConnect() == AutoConnect.NEVER || barred.contains(node)) {
            return false;
        }
        return awaitConnection(node).isEmpty();
    }

    private Optional<String> awaitConnection(Atom node) {
        if (node.equals(self)) {
            return Optional.empty();
        }
        if (closed) {
            return Optional.of("distribution is stopped");
        }
        Attempt attempt;
        lock.lock();
        try {
            if (connections.containsKey(node)) {
                return Optional.empty();
            }
            attempt = attempts.get(node);
            if (attempt == null) {
                attempt = startAttempt(node);
            }
        } finally {
            lock.unlock();
        }
        return attempt.await(config.setupTimeout().multipliedBy(3));
    }

    /** {@code erlang:disconnect_node/1}. */
    public boolean disconnect(Atom node) {
        Connection c = connections.get(node);
        if (c == null) {
            return false;
        }
        c.close(Atom.of("disconnect"), "disconnected on request");
        return true;
    }

    /**
     * {@code net_kernel:monitor_nodes(true, [{node_type, all}])} when {@code includeHidden},
     * else only visible nodes. Close the returned handle to stop.
     */
    public AutoCloseable monitorNodes(boolean includeHidden, Consumer<NodeEvent> listener) {
        Subscription s = new Subscription(includeHidden, listener);
        monitors.add(s);
        return () -> monitors.remove(s);
    }

    private Attempt startAttempt(Atom node) {
        Attempt attempt = new Attempt(node);
        attempts.put(node, attempt);
        setupThreads.execute(() -> runAttempt(attempt));
        // Safety net: an attempt that lost a simultaneous connect waits for the peer's connection,
        // which may never complete; it must not hold its queued messages forever.
        ticker.schedule(() -> expire(attempt), config.setupTimeout().toMillis() * 3, TimeUnit.MILLISECONDS);
        return attempt;
    }

    private void expire(Attempt attempt) {
        if (attempts.get(attempt.node) == attempt) {
            attempt.superseded = false;
            failAttempt(attempt, "timed out connecting to " + attempt.node);
        }
    }

    private void runAttempt(Attempt attempt) {
        String peerName = attempt.node.name();
        try {
            NodeName peer = NodeName.parse(peerName);
            InetSocketAddress address = epmd.resolve(peer, config);
            Socket socket = new Socket();
            attempt.socket = socket;
            if (attempt.superseded) {
                socket.close();
                return;
            }
            config.tcp().applyTo(socket);
            socket.connect(address, (int) config.setupTimeout().toMillis());
            HandshakeResult result = handshake.initiate(socket, peerName);
            if (attempt.superseded) {
                socket.close();
                return;
            }
            up(socket, result, attempt);
        } catch (HandshakeException e) {
            if ("nok".equals(e.status())) {
                // The peer's own attempt wins; its incoming connection completes this attempt.
                LOG.debug("simultaneous connect to {}: the peer's connection wins", peerName);
                attempt.closeSocket();
                return;
            }
            failAttempt(attempt, e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            failAttempt(attempt, describe(e, peerName));
        }
    }

    private static String describe(Exception e, String peerName) {
        if (e instanceof java.net.ConnectException) {
            return "cannot connect to " + peerName + ": " + e.getMessage();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private void failAttempt(Attempt attempt, String why) {
        attempt.closeSocket();
        if (attempt.superseded) {
            return;
        }
        lock.lock();
        try {
            if (attempts.get(attempt.node) == attempt) {
                attempts.remove(attempt.node);
            }
            if (!attempt.queued.isEmpty()) {
                LOG.debug("dropped {} messages to {}: connection setup failed", attempt.queued.size(), attempt.node);
            }
            attempt.queued.clear();
            attempt.finish(why);
        } finally {
            lock.unlock();
        }
        LOG.debug("connection to {} failed: {}", attempt.node, why);
        handshakeFailed(attempt.node.name(), why);
    }

    private static void handshakeFailed(String peer, String why) {
        DistEvents.HandshakeFailed event = new DistEvents.HandshakeFailed();
        event.peer = peer;
        event.reason = why;
        event.commit();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.error("distribution listener failed; no more incoming connections", e);
                }
                return;
            }
            try {
                setupThreads.execute(() -> accept(socket));
            } catch (RejectedExecutionException stopping) {
                closeQuietly(socket);
                return;
            }
        }
    }

    private void accept(Socket socket) {
        try {
            config.tcp().applyTo(socket);
            HandshakeResult result = handshake.accept(socket, this::statusFor);
            up(socket, result, null);
        } catch (HandshakeException e) {
            LOG.debug("incoming connection from {} not accepted: {}", socket.getRemoteSocketAddress(), e.getMessage());
            handshakeFailed(String.valueOf(socket.getRemoteSocketAddress()), e.getMessage());
            closeQuietly(socket);
        } catch (IOException | RuntimeException e) {
            LOG.warn("incoming connection from {} failed during the handshake: {}", socket.getRemoteSocketAddress(),
                    e.toString());
            handshakeFailed(String.valueOf(socket.getRemoteSocketAddress()), e.toString());
            closeQuietly(socket);
        }
    }

    /** The acceptor's decision when {@code peerName} dials us (dist_util/net_kernel rules). */
    private HandshakeStatus statusFor(String peerName, long peerFlags) {
        Atom peer = Atom.of(peerName);
        if (closed) {
            return HandshakeStatus.NOT_ALLOWED;
        }
        lock.lock();
        try {
            if (connections.containsKey(peer)) {
                return HandshakeStatus.ALIVE;
            }
            Attempt ours = attempts.get(peer);
            if (ours != null && !ours.superseded) {
                if (peerName.compareTo(self.name()) > 0) {
                    ours.superseded = true;
                    ours.closeSocket();
                    return HandshakeStatus.OK_SIMULTANEOUS;
                }
                return HandshakeStatus.NOK;
            }
            return HandshakeStatus.OK;
        } finally {
            lock.unlock();
        }
    }

    private void up(Socket socket, HandshakeResult result, Attempt initiated) throws IOException {
        Atom peer = Atom.of(result.peerName());
        Connection connection = new Connection(socket, result, config.connection(), new Connection.Listener() {
            @Override
            public void onMessage(Connection c, ControlMessage message) {
                inbound.onMessage(c.peer(), message);
            }

            @Override
            public void onRunDispatched(Connection c) {
                inbound.onRunDispatched();
            }

            @Override
            public void onClosed(Connection c, Term reason) {
                down(c, reason);
            }
        });
        Connection replaced;
        lock.lock();
        try {
            if (closed || (initiated != null && initiated.superseded)) {
                closeQuietly(socket);
                return;
            }
            replaced = connections.get(peer);
            if (replaced != null) {
                replacedConnections.add(replaced);
            }
            Attempt attempt = attempts.remove(peer);
            if (attempt != null) {
                // Queued ahead of whatever is sent once the connection is listed, and written
                // only after that (a quick answer must find it listed), by its writer thread:
                // this lock must not wait for the peer to read.
                connection.queueBacklog(attempt.queued);
                attempt.queued.clear();
            }
            connections.put(peer, connection);
            connection.flushInBackground();
            if (attempt != null) {
                attempt.finish(null);
            }
        } finally {
            lock.unlock();
        }
        if (replaced != null) {
            replaced.close(Atom.of("connection_closed"), "replaced by a new connection from the restarted peer");
        }
        LOG.debug("connection to {} up ({}, {})", peer, result.visible() ? "visible" : "hidden",
                result.initiated() ? "initiated" : "accepted");
        DistEvents.HandshakeSucceeded handshakeEvent = new DistEvents.HandshakeSucceeded();
        handshakeEvent.peer = peer.name();
        handshakeEvent.initiated = result.initiated();
        handshakeEvent.flags = result.flags();
        handshakeEvent.commit();
        DistEvents.NodeUp upEvent = new DistEvents.NodeUp();
        upEvent.node = peer.name();
        upEvent.visible = result.visible();
        upEvent.commit();
        publish(new NodeEvent(true, peer, result.visible(), null));
        serve(connection);
    }

    /**
     * Starts the connection's threads. A platform reader is this setup thread itself, which
     * reads until the connection closes (messages wait in the socket until then, in order).
     */
    private void serve(Connection connection) {
        if (config.connection().readerThread() != ConnectionSettings.ReaderThread.PLATFORM) {
            connection.start();
            return;
        }
        Thread current = Thread.currentThread();
        String setupName = current.getName();
        current.setName("beamlink-reader-" + connection.peer().name());
        try {
            connection.serveOnCurrentThread();
        } finally {
            current.setName(setupName);
        }
    }

    private void down(Connection connection, Term reason) {
        Atom peer = connection.peer();
        lock.lock();
        try {
            boolean listed = connections.remove(peer, connection);
            // A connection a restarted peer's new one replaced is down all the same: what was
            // linked to, monitored on or watching the old incarnation hears so, before the nodeup.
            boolean replaced = replacedConnections.remove(connection);
            if (!listed && !replaced) {
                return;
            }
            if (listed && config.autoConnect() == AutoConnect.ONCE) {
                barred.add(peer);
            }
        } finally {
            lock.unlock();
        }
        DistEvents.NodeDown downEvent = new DistEvents.NodeDown();
        downEvent.node = peer.name();
        downEvent.reason = String.valueOf(reason);
        downEvent.commit();
        inbound.onNodeDown(peer, reason);
        publish(new NodeEvent(false, peer, connection.handshake().visible(), reason));
    }

    private void publish(NodeEvent event) {
        for (Subscription s : monitors) {
            if (event.visible() || s.includeHidden) {
                try {
                    s.listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("node monitor failed on {}", event, e);
                }
            }
        }
    }

    private void tickAll() {
        for (Connection c : connections.values()) {
            try {
                c.onTickInterval();
            } catch (RuntimeException e) {
                LOG.warn("tick for {} failed", c.peer(), e);
            }
        }
    }

    /** Stops distribution: unregisters from epmd and closes every connection (nodedown for each). */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        closeQuietly(listener);
        epmd.close();
        for (Attempt a : attempts.values()) {
            a.superseded = true;
            a.closeSocket();
            a.finish("distribution stopped");
        }
        attempts.clear();
        for (Connection c : connections.values()) {
            c.close(Atom.of("connection_closed"), "distribution stopped");
        }
        ticker.shutdownNow();
        setupThreads.shutdown();
        LOG.info("distribution stopped for {}", name);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Closing is best effort; the socket is gone either way.
        }
    }

    private record Subscription(boolean includeHidden, Consumer<NodeEvent> listener) {
    }

    /** An outgoing connection setup in progress, with the messages waiting for it. */
    private static final class Attempt {
        final Atom node;
        final ArrayDeque<ControlMessage> queued = new ArrayDeque<>();
        final ReentrantLock doneLock = new ReentrantLock();
        final Condition doneCondition = doneLock.newCondition();
        volatile Socket socket;
        volatile boolean superseded;
        private boolean done;
        private String failure;

        Attempt(Atom node) {
            this.node = node;
        }

        void closeSocket() {
            Socket s = socket;
            if (s != null) {
                closeQuietly(s);
            }
        }

        void finish(String failure) {
            doneLock.lock();
            try {
                if (!done) {
                    done = true;
                    this.failure = failure;
                    doneCondition.signalAll();
                }
            } finally {
                doneLock.unlock();
            }
        }

        Optional<String> await(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            doneLock.lock();
            try {
                while (!done) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return Optional.of("timed out connecting to " + node);
                    }
                    doneCondition.awaitNanos(left);
                }
                return Optional.ofNullable(failure);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            } finally {
                doneLock.unlock();
            }
        }
    }
}
