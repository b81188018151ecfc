package io.beamlink.epmd;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A drop-in epmd: Erlang nodes, OTP's {@code epmd} client commands and {@link EpmdClient} take
 * it for OTP's. It listens where {@link EpmdConfig} says and serves every connection on its own
 * virtual thread, so idle or slow clients never hold up the others. It runs until
 * {@link #close()} or until a client sends an accepted KILL_REQ.
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
    /** After a failed accept (such as too many open files), wait before trying again. */
    private static final Duration ACCEPT_RETRY_PAUSE = Duration.ofMillis(100);

    private final EpmdConfig config;
    private final EpmdDebugLog log;
    private final List<ServerSocket> servers;
    private final int port;
    private final NodeRegistry registry;
    private final ConnectionTable table;
    private final RequestHandler handler;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean killed;

    private EpmdDaemon(EpmdConfig config, EpmdDebugLog log, List<ServerSocket> servers, int otpSocketCount) {
        this.config = config;
        this.log = log;
        this.servers = servers;
        this.port = servers.get(0).getLocalPort();
        this.registry = new NodeRegistry(config.maxRememberedNames(), log);
        this.table = new ConnectionTable(3 + otpSocketCount, config.maxConnections());
        this.handler = new RequestHandler(registry, log, config.relaxedCommandCheck(), port, this::killedByRequest);
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
        List<ServerSocket> servers = bind(targets, config.port(), log);
        EpmdDaemon daemon = new EpmdDaemon(config, log, servers, ListenAddresses.otpSocketCount(targets));
        log.log(2, "entering the main select() loop");
        for (ServerSocket server : servers) {
            Thread.ofVirtual().name("epmd-accept-" + EpmdEndpoint.format((InetSocketAddress) server.getLocalSocketAddress()))
                    .start(() -> daemon.acceptLoop(server));
        }
        LOG.debug("epmd listening on {}", daemon.listenAddresses());
        return daemon;
    }

    /** The port the daemon listens on (the one picked when the configured port is 0). */
    public int port() {
        return port;
    }

    /** The socket addresses the daemon listens on. */
    public List<InetSocketAddress> listenAddresses() {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (ServerSocket server : servers) {
            addresses.add((InetSocketAddress) server.getLocalSocketAddress());
        }
        return addresses;
    }

    /** The registered nodes, newest registration first, as NAMES lists them. */
    public List<NameEntry> registeredNames() {
        List<NameEntry> names = new ArrayList<>();
        for (NodeRegistry.RegisteredNode node : registry.activeNewestFirst()) {
            names.add(new NameEntry(node.name().text(), node.port()));
        }
        return names;
    }

    public EpmdConfig config() {
        return config;
    }

    public boolean isRunning() {
        return !closed.get();
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
     * Stops listening and closes every connection, which unregisters every node. Idempotent;
     * does not wait for connection threads, which end as their sockets close.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (ServerSocket server : servers) {
            try {
                server.close();
            } catch (IOException e) {
                LOG.debug("closing epmd listen socket {} failed", server, e);
            }
        }
        for (DaemonConnection connection : table.openConnections()) {
            connection.close();
        }
        LOG.debug("epmd on port {} stopped{}", port, killed ? " by KILL_REQ" : "");
        terminated.countDown();
    }

    @Override
    public String toString() {
        return "EpmdDaemon[port " + port + (isRunning() ? "" : ", stopped") + "]";
    }

    private void killedByRequest() {
        killed = true;
        close();
    }

    private static List<ServerSocket> bind(List<ListenAddresses.Target> targets, int configuredPort, EpmdDebugLog log)
            throws IOException {
        List<ServerSocket> servers = new ArrayList<>();
        int port = configuredPort;
        try {
            for (ListenAddresses.Target target : targets) {
                ServerSocket server = new ServerSocket();
                try {
                    server.setReuseAddress(true);
                    server.bind(new InetSocketAddress(target.address(), port), BACKLOG);
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
                port = server.getLocalPort();
            }
        } catch (IOException e) {
            for (ServerSocket server : servers) {
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

    /** Runs until the daemon closes; each pass accepts one connection or backs off after a failure. */
    private void acceptLoop(ServerSocket server) {
        while (!closed.get()) {
            try {
                if (config.delayAccept().isPositive()) {
                    Thread.sleep(config.delayAccept());
                }
                open(server.accept());
            } catch (IOException e) {
                if (closed.get()) {
                    return;
                }
                log.log(0, "error in accept: " + e.getMessage());
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void open(Socket socket) throws IOException {
        int fd = table.reserve();
        if (fd < 0) {
            log.log(0, "failed opening connection on file descriptor " + table.nextAfterFull());
            socket.close();
            return;
        }
        DaemonConnection connection;
        try {
            connection = new DaemonConnection(socket, fd, log, registry, handler, table, config);
        } catch (RuntimeException e) {
            table.release(fd);
            socket.close();
            throw e;
        }
        log.log(2, connection.isLocal() ? "Local peer connected" : "Non-local peer connected");
        log.time();
        log.log(2, "opening connection on file descriptor " + fd);
        table.add(connection);
        if (closed.get()) {
            connection.close();
            return;
        }
        Thread.ofVirtual().name("epmd-connection-" + fd).start(connection);
    }

    private static void pause() {
        try {
            Thread.sleep(ACCEPT_RETRY_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
