package io.beamlink.epmd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the daemon, driven by the {@link DaemonLoop} thread without ever
 * blocking it: it collects one request frame, answers it, then closes, unless the request
 * registered a node. Most requests have arrived by the time the connection is accepted: they are
 * read and answered at once, with the socket still in blocking mode (reads take only what has
 * arrived, small replies fit the empty send buffer), which saves the system calls of switching
 * modes and of the selector. A connection that has to wait is switched to non-blocking mode and
 * handed to the selector. A registration connection is then only watched: it ends when the client
 * closes it (the node unregisters) or sends anything (OTP treats that as an error and
 * unregisters too). A reply the client does not read fast enough waits in a queue.
 */
final class DaemonConnection implements EpmdPeer {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonConnection.class);
    /** Replies up to this size are written in blocking mode: a new connection's send buffer takes them whole. */
    private static final int SMALL_REPLY_BYTES = 4096;

    private final SocketChannel channel;
    private final Selector selector;
    /** Registered with the selector only when the connection has to wait (most requests need not). */
    private SelectionKey key;
    private final int fd;
    private final boolean local;
    private final EpmdDebugLog log;
    private final NodeRegistry registry;
    private final ConnectionTable table;
    private final DeregisteringChannels deregistering;
    private final Duration delayWrite;
    /** Collects the request; null once it is handled. */
    private FrameAssembler frame = new FrameAssembler();
    /** Reply bytes the client has not taken yet; rarely more than one buffer. */
    private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>(1);
    private boolean keep;
    private boolean closeWhenSent;
    private boolean closed;
    /** When the connection last made progress, for the packet timeout. */
    private long lastActivityNanos;

    DaemonConnection(SocketChannel channel, Selector selector, int fd, EpmdDebugLog log, NodeRegistry registry,
            ConnectionTable table, DeregisteringChannels deregistering, Duration delayWrite) throws IOException {
        this.channel = channel;
        this.selector = selector;
        this.fd = fd;
        InetAddress remote = ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
        // The local address is needed only for a peer that is not on loopback.
        this.local = remote.isLoopbackAddress()
                || LocalPeers.isLocal(remote, ((InetSocketAddress) channel.getLocalAddress()).getAddress());
        this.log = log;
        this.registry = registry;
        this.table = table;
        this.deregistering = deregistering;
        this.delayWrite = delayWrite;
        this.lastActivityNanos = System.nanoTime();
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public boolean isLocal() {
        return local;
    }

    boolean isClosed() {
        return closed;
    }

    /** Whether the packet timeout applies: the connection has not registered a node. */
    boolean canTimeOut() {
        return !keep;
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** How many bytes have arrived and can be read without waiting. */
    int arrived() {
        try {
            return channel.socket().getInputStream().available();
        } catch (IOException e) {
            return 0; // the read that follows reports the failure
        }
    }

    /**
     * Reads what has arrived; with a complete request, returns its body for the loop to handle.
     * Closes the connection itself when it ends or breaks the protocol.
     *
     * @param scratch a buffer of at least {@link EpmdWire#INBUF_SIZE} bytes for registration connections
     */
    byte[] onReadable(ByteBuffer scratch) {
        if (keep) {
            watchRegistration(scratch);
            return null;
        }
        if (frame == null) {
            return null; // the request is answered; the rest of the reply is on its way
        }
        int count;
        try {
            count = channel.read(ByteBuffer.wrap(frame.buffer(), frame.offset(), frame.readLimit()));
        } catch (IOException e) {
            log.log(0, "error in read: " + e.getMessage());
            close();
            return null;
        }
        if (count == 0) {
            return null;
        }
        log.time();
        if (count < 0) {
            log.log(0, "got partial packet only on file descriptor " + fd + " (" + frame.received() + ")");
            close(true);
            return null;
        }
        // OTP dumps the start of its buffer, not the bytes just read; the same bytes show here.
        log.dump(frame.buffer(), count);
        boolean complete;
        try {
            complete = frame.append(count);
        } catch (MalformedRequestException e) {
            log.log(0, e.otpLogLine());
            LOG.debug("epmd connection {}: {}", fd, e.getMessage());
            close();
            return null;
        }
        log.time();
        lastActivityNanos = System.nanoTime();
        if (!complete) {
            return null;
        }
        byte[] body = frame.body();
        frame = null;
        return body;
    }

    /** After the request is handled: close now, or once the reply is out, unless it registered a node. */
    void requestHandled() {
        if (keep || closed) {
            return;
        }
        if (unsent.isEmpty()) {
            close();
        } else {
            closeWhenSent = true;
        }
    }

    /** A registration connection had an event: the client closed it, sent something, or it failed. */
    private void watchRegistration(ByteBuffer scratch) {
        scratch.clear().limit(EpmdWire.INBUF_SIZE);
        int count;
        try {
            count = channel.read(scratch);
        } catch (IOException e) {
            log.log(1, "error on ALIVE socket " + fd + " (-1; " + e.getMessage() + ")");
            registry.unregister(this);
            close();
            return;
        }
        if (count == 0) {
            return;
        }
        log.time();
        if (count > 0) {
            log.log(1, "got more than expected on ALIVE socket " + fd + " (" + count + ")");
            log.dump(scratch.array(), count);
        }
        registry.unregister(this);
        close(count < 0);
    }

    @Override
    public boolean reply(byte[]... chunks) {
        try {
            if (delayWrite.isPositive()) {
                for (byte[] chunk : chunks) {
                    // OTP's test hook pauses the whole daemon before each write; so does this one.
                    Thread.sleep(delayWrite);
                    send(new ByteBuffer[] {ByteBuffer.wrap(chunk)});
                    log.dump(chunk, chunk.length);
                }
            } else {
                // OTP writes chunk by chunk; one gathering write sends the same bytes with one system call.
                ByteBuffer[] buffers = new ByteBuffer[chunks.length];
                for (int i = 0; i < chunks.length; i++) {
                    buffers[i] = ByteBuffer.wrap(chunks[i]);
                }
                send(buffers);
                for (byte[] chunk : chunks) {
                    log.dump(chunk, chunk.length);
                }
            }
        } catch (IOException e) {
            log.log(0, "error in write: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.log(0, "error in write: interrupted");
            return false;
        }
        if (!unsent.isEmpty()) {
            interest(SelectionKey.OP_WRITE);
        }
        lastActivityNanos = System.nanoTime();
        return true;
    }

    /** Writes what the socket takes now and queues the rest, behind anything queued before. */
    private void send(ByteBuffer[] buffers) throws IOException {
        long size = 0;
        for (ByteBuffer buffer : buffers) {
            size += buffer.remaining();
        }
        if (channel.isBlocking() && size > SMALL_REPLY_BYTES) {
            channel.configureBlocking(false); // a large reply must not hold up the daemon
        }
        if (unsent.isEmpty()) {
            channel.write(buffers);
        }
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                unsent.add(buffer);
            }
        }
    }

    /** Sends what the client could not take before. */
    void onWritable() {
        try {
            while (!unsent.isEmpty()) {
                ByteBuffer buffer = unsent.peek();
                channel.write(buffer);
                if (buffer.hasRemaining()) {
                    lastActivityNanos = System.nanoTime();
                    return;
                }
                unsent.poll();
            }
        } catch (IOException e) {
            log.log(0, "error in write: " + e.getMessage());
            close();
            return;
        }
        if (closeWhenSent) {
            close();
        } else {
            interest(SelectionKey.OP_READ);
        }
    }

    /** Lets the selector report when the connection can read (more of the request, or the end of a registration). */
    void awaitReadable() {
        if (!closed && unsent.isEmpty()) {
            interest(SelectionKey.OP_READ);
        }
    }

    private void interest(int operations) {
        try {
            if (key == null) {
                channel.configureBlocking(false);
                key = channel.register(selector, operations, this);
            } else {
                key.interestOps(operations);
            }
        } catch (IOException e) {
            log.log(0, "error in select registration: " + e.getMessage());
            close();
        }
    }

    @Override
    public void keepOpen() {
        keep = true;
    }

    @Override
    public void close() {
        close(false);
    }

    /**
     * @param peerClosed the client has closed its end, so nobody waits for ours: a channel the
     *     selector holds is closed after the next select, when that costs fewer system calls
     */
    private void close(boolean peerClosed) {
        if (closed) {
            return;
        }
        closed = true;
        log.log(2, "closing connection on file descriptor " + fd);
        if (key != null) {
            key.cancel();
        }
        if (key != null && peerClosed) {
            deregistering.add(channel);
        } else {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing epmd connection {} failed", fd, e);
            }
        }
        table.remove(this);
    }
}
