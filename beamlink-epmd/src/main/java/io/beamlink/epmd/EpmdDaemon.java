package io.beamlink.epmd;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A drop-in epmd: Erlang nodes, OTP's {@code epmd} client commands and {@link EpmdClient} take
 * it for OTP's. It listens where {@link EpmdConfig} says and serves every connection from one
 * thread with a selector, as OTP's epmd does, so idle or slow clients never hold up the others.
 * It runs until {@link #close()} or until a client sends an accepted KILL_REQ.
 *
 * <pre>{@code
 * try (EpmdDaemon epmd = EpmdDaemon.start(EpmdConfig.builder().port(0).build())) {
 *     EpmdClient.of("127.0.0.1", epmd.port()).register("app", 50785);
 * }
 * }</pre>
 */
public final class EpmdDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EpmdDaemon.class);
    /** The listen backlog Linux allows by default (OTP asks for SOMAXCONN). */
    private static final int BACKLOG = 4096;
    /** How long {@link #close()} waits for the daemon's thread to finish closing. */
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);
    /**
     * Options for a JVM that runs nothing but the daemon, as {@code beamlink epmd} does: the
     * serial collector suits its one thread and small heap, and cost 25 to 45% less CPU time per
     * request than the default collector in perf measurements (docs/benchmarks.md, EPMD).
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC");

    private final List<InetSocketAddress> listenAddresses;
    private final int port;
    private final NodeRegistry registry;
    private final DaemonLoop loop;
    private final Thread thread;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean killed;

    private EpmdDaemon(EpmdConfig config, EpmdDebugLog log, Selector selector, List<ServerSocketChannel> servers,
            int otpSocketCount) throws IOException {
        this.listenAddresses = new ArrayList<>();
        for (ServerSocketChannel server : servers) {
            listenAddresses.add((InetSocketAddress) server.getLocalAddress());
        }
        this.port = listenAddresses.get(0).getPort();
        this.registry = new NodeRegistry(config.maxRememberedNames(), log);
        ConnectionTable table = new ConnectionTable(3 + otpSocketCount, config.maxConnections());
        RequestHandler handler = new RequestHandler(registry, log, config.relaxedCommandCheck(), port, this::killedByRequest);
        this.loop = new DaemonLoop(selector, servers, config, log, registry, table, handler, terminated::countDown);
        this.thread = Thread.ofPlatform().name("epmd-" + port).daemon(true).unstarted(loop);
    }

    /**
     * Binds every listen address and starts serving; returns once the daemon accepts connections.
     *
     * @throws EpmdAddressInUseException when the port is taken on one of the addresses (usually
     *     by another epmd)
     * @throws EpmdException when an address cannot be bound for another reason
     */
    public static EpmdDaemon start(EpmdConfig config) throws IOException {
        EpmdDebugLog log = new EpmdDebugLog(config.debugLevel(), config.debugOutput());
        log.log(1, "epmd running - daemon = 0");
        log.log(2, "try to initiate listening port " + config.port());
        List<ListenAddresses.Target> targets = ListenAddresses.resolve(config.addresses());
        Selector selector = Selector.open();
        List<ServerSocketChannel> servers;
        try {
            servers = bind(targets, config.port(), selector, log);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
        EpmdDaemon daemon = new EpmdDaemon(config, log, selector, servers, ListenAddresses.otpSocketCount(targets));
        log.log(2, "entering the main select() loop");
        daemon.thread.start();
        LOG.debug("epmd listening on {}", daemon.listenAddresses);
        return daemon;
    }

    /** The port the daemon listens on (the one picked when the configured port is 0). */
    public int port() {
        return port;
    }

    /** The socket addresses the daemon listens on. */
    public List<InetSocketAddress> listenAddresses() {
        return List.copyOf(listenAddresses);
    }

    /** The registered nodes, newest registration first, as NAMES lists them. */
    public List<NameEntry> registeredNames() {
        List<NameEntry> names = new ArrayList<>();
        for (NodeRegistry.RegisteredNode node : registry.activeNewestFirst()) {
            names.add(new NameEntry(node.name().text(), node.port()));
        }
        return names;
    }

    public boolean isRunning() {
        return terminated.getCount() > 0;
    }

    /** True when the daemon stopped because a client sent KILL_REQ. */
    public boolean wasKilled() {
        return killed;
    }

    /** Blocks until the daemon stops (through {@link #close()} or KILL_REQ). */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** Waits at most {@code timeout} for the daemon to stop; true when it did. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops listening and closes every connection, which unregisters every node; returns when
     * that is done. Idempotent.
     */
    @Override
    public void close() {
        loop.requestStop();
        if (Thread.currentThread() == thread) {
            return; // a KILL_REQ on the daemon's own thread: the loop ends after this request
        }
        try {
            if (!terminated.await(CLOSE_LIMIT.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warn("epmd on port {} did not stop within {} s", port, CLOSE_LIMIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "EpmdDaemon[port " + port + (isRunning() ? "" : ", stopped") + "]";
    }

    private void killedByRequest() {
        killed = true;
        loop.requestStop();
    }

    private static List<ServerSocketChannel> bind(List<ListenAddresses.Target> targets, int configuredPort,
            Selector selector, EpmdDebugLog log) throws IOException {
        List<ServerSocketChannel> servers = new ArrayList<>();
        int port = configuredPort;
        try {
            for (ListenAddresses.Target target : targets) {
                ServerSocketChannel server = ServerSocketChannel.open();
                try {
                    server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    server.bind(new InetSocketAddress(target.address(), port), BACKLOG);
                    server.configureBlocking(false);
                    server.register(selector, SelectionKey.OP_ACCEPT);
                } catch (IOException e) {
                    server.close();
                    if (isAddressInUse(e)) {
                        log.log(1, "there is already a epmd running at port " + port + " on ipaddr " + target.display());
                        throw new EpmdAddressInUseException(new InetSocketAddress(target.address(), port), e);
                    }
                    if (target.implicitLoopback()) {
                        // A host without IPv6 (or IPv4) loopback still serves on the other one.
                        log.log(1, "cannot listen on " + target.display() + " (" + e.getMessage() + "), skipped");
                        continue;
                    }
                    log.log(0, "failed to bind on ipaddr " + target.display() + ": " + e.getMessage());
                    throw new EpmdException("cannot listen on " + EpmdEndpoint.format(target.display(), port) + ": "
                            + e.getMessage(), e);
                }
                servers.add(server);
                port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            }
        } catch (IOException e) {
            for (ServerSocketChannel server : servers) {
                server.close();
            }
            throw e;
        }
        if (servers.isEmpty()) {
            throw new EpmdException("cannot listen on any address at port " + configuredPort);
        }
        return servers;
    }

    private static boolean isAddressInUse(IOException e) {
        return e instanceof BindException && e.getMessage() != null && e.getMessage().contains("in use");
    }
}
