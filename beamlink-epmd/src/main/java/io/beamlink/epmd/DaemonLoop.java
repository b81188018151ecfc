package io.beamlink.epmd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's one thread, as OTP's epmd has one: a selector over the listen sockets and every
 * connection. Nothing in it blocks (except OTP's delay test hooks, which are meant to), so idle,
 * slow or silent clients cost a selector key each and hold up nobody. Connections that have not
 * registered a node are closed after the packet timeout without progress.
 */
final class DaemonLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonLoop.class);
    /** How often idle connections are checked at the latest (OTP checks every 1 to 5 s). */
    private static final long MAX_WAIT_MILLIS = 1000;
    /** After a failed accept (such as too many open files), wait before accepting again. */
    private static final long ACCEPT_RETRY_MILLIS = 100;
    /** How often a new connection's request is looked for again before the selector waits for it. */
    private static final int ARRIVAL_RECHECKS = 2;

    private final Selector selector;
    private final List<ServerSocketChannel> servers;
    private final EpmdConfig config;
    private final EpmdDebugLog log;
    private final NodeRegistry registry;
    private final ConnectionTable table;
    private final RequestHandler handler;
    private final long packetTimeoutNanos;
    /** Connections the packet timeout applies to, least recently active first. */
    private final LinkedHashSet<DaemonConnection> waiting = new LinkedHashSet<>();
    private final DeregisteringChannels deregistering = new DeregisteringChannels();
    private final ByteBuffer scratch = ByteBuffer.allocate(EpmdWire.INBUF_SIZE);
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final Runnable onStopped;
    /** Listen sockets whose accepting pauses after a failure, until {@link #acceptPausedUntilNanos}. */
    private final List<SelectionKey> pausedAccepts = new ArrayList<>();
    private long acceptPausedUntilNanos;

    DaemonLoop(Selector selector, List<ServerSocketChannel> servers, EpmdConfig config, EpmdDebugLog log,
            NodeRegistry registry, ConnectionTable table, RequestHandler handler, Runnable onStopped) {
        this.selector = selector;
        this.servers = servers;
        this.config = config;
        this.log = log;
        this.registry = registry;
        this.table = table;
        this.handler = handler;
        this.packetTimeoutNanos = config.packetTimeout().toNanos();
        this.onStopped = onStopped;
    }

    /** Asks the loop to close everything and end; safe from any thread. */
    void requestStop() {
        stopRequested.set(true);
        selector.wakeup();
    }

    /** Runs until {@link #requestStop()}; every pass handles what the selector reported, then the timeouts. */
    @Override
    public void run() {
        try {
            while (!stopRequested.get()) {
                deregistering.selectStarts();
                selector.select(this::dispatch, waitMillis());
                deregistering.selectReturned();
                closeTimedOut();
                resumeAccepting();
            }
        } catch (IOException | ClosedSelectorException e) {
            log.log(0, "error in select: " + e.getMessage());
            LOG.error("epmd stopped: its selector failed", e);
        } catch (RuntimeException e) {
            log.log(0, "internal error: " + e);
            LOG.error("epmd stopped after an internal error", e);
        } finally {
            shutDown();
        }
    }

    private void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.channel() instanceof ServerSocketChannel server) {
            acceptOne(key, server);
            return;
        }
        DaemonConnection connection = (DaemonConnection) key.attachment();
        long lastActivity = connection.lastActivityNanos();
        if (key.isWritable()) {
            connection.onWritable();
        } else if (key.isReadable()) {
            readAndServe(connection);
        }
        if (connection.isClosed() || !connection.canTimeOut()) {
            waiting.remove(connection);
        } else if (connection.lastActivityNanos() != lastActivity) {
            // progress: to the end of the timeout order
            waiting.remove(connection);
            waiting.add(connection);
        }
    }

    /** Reads what has arrived and answers a complete request. */
    private void readAndServe(DaemonConnection connection) {
        byte[] request = connection.onReadable(scratch);
        if (request != null) {
            handler.handle(request, connection);
            connection.requestHandled();
        }
    }

    /**
     * Accepts one connection, as OTP's epmd does per wake-up: trying for a second mostly finds
     * none and costs a system call, and the selector reports the socket again while more wait.
     */
    private void acceptOne(SelectionKey key, ServerSocketChannel server) {
        SocketChannel channel;
        try {
            if (config.delayAccept().isPositive()) {
                // OTP's test hook: a busy server that notices connections late
                Thread.sleep(config.delayAccept());
            }
            channel = server.accept();
        } catch (IOException e) {
            // Such as too many open files: stop accepting for a moment rather than spin.
            log.log(0, "error in accept: " + e.getMessage());
            key.interestOps(0);
            pausedAccepts.add(key);
            acceptPausedUntilNanos = System.nanoTime() + ACCEPT_RETRY_MILLIS * 1_000_000;
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requestStop();
            return;
        }
        if (channel != null) {
            open(channel);
        }
    }

    private void resumeAccepting() {
        if (!pausedAccepts.isEmpty() && System.nanoTime() - acceptPausedUntilNanos >= 0) {
            for (SelectionKey key : pausedAccepts) {
                if (key.isValid()) {
                    key.interestOps(SelectionKey.OP_ACCEPT);
                }
            }
            pausedAccepts.clear();
        }
    }

    private void open(SocketChannel channel) {
        if (table.isFull()) {
            log.log(0, "failed opening connection on file descriptor " + table.nextAfterFull());
            closeQuietly(channel);
            return;
        }
        DaemonConnection connection;
        try {
            connection = new DaemonConnection(channel, selector, table.nextFd(), log, registry, table, deregistering,
                    config.delayWrite());
        } catch (IOException e) {
            // the client left before we could look at it
            closeQuietly(channel);
            LOG.debug("epmd: a connection closed while being opened", e);
            return;
        }
        log.log(2, connection.isLocal() ? "Local peer connected" : "Non-local peer connected");
        log.time();
        log.log(2, "opening connection on file descriptor " + connection.fd());
        table.add(connection);
        // The request is usually there already, or a moment away: answer it without involving the selector.
        if (requestArrived(connection)) {
            readAndServe(connection);
        }
        if (!connection.isClosed()) {
            connection.awaitReadable();
            if (connection.canTimeOut()) {
                waiting.add(connection);
            }
        }
    }

    /**
     * Whether a new connection's first bytes have arrived. Clients send their request right after
     * connecting, so when it is not there yet it usually is a moment later: the daemon gives up
     * the processor (to the client, when they share one) and looks again, a bounded number of
     * times. A yield and a look cost two system calls where waiting through the selector costs
     * five (non-blocking mode, adding to and removing from epoll, one more wait); a client that
     * sends nothing costs {@value #ARRIVAL_RECHECKS} of each, then waits in the selector like any other.
     */
    private static boolean requestArrived(DaemonConnection connection) {
        for (int looks = 0; looks < ARRIVAL_RECHECKS; looks++) {
            if (connection.arrived() > 0) {
                return true;
            }
            Thread.yield();
        }
        return connection.arrived() > 0;
    }

    private void closeTimedOut() {
        long now = System.nanoTime();
        Iterator<DaemonConnection> oldest = waiting.iterator();
        while (oldest.hasNext()) {
            DaemonConnection connection = oldest.next();
            if (now - connection.lastActivityNanos() < packetTimeoutNanos) {
                return;
            }
            oldest.remove();
            log.log(1, "closing because timed out on receive");
            connection.close();
        }
    }

    /** Until the oldest waiting connection times out or accepting resumes, at most a second. */
    private long waitMillis() {
        long now = System.nanoTime();
        long left = MAX_WAIT_MILLIS * 1_000_000;
        if (!waiting.isEmpty()) {
            left = Math.min(left, waiting.getFirst().lastActivityNanos() + packetTimeoutNanos - now);
        }
        if (!pausedAccepts.isEmpty()) {
            left = Math.min(left, acceptPausedUntilNanos - now);
        }
        return Math.max(1, left / 1_000_000 + 1);
    }

    private void shutDown() {
        for (ServerSocketChannel server : servers) {
            closeQuietly(server);
        }
        for (DaemonConnection connection : table.openConnections()) {
            connection.close();
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the epmd selector failed", e);
        }
        deregistering.closeAll();
        onStopped.run();
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing an epmd channel failed", e);
        }
    }
}
