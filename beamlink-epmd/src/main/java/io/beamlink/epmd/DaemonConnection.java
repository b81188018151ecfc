package io.beamlink.epmd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the daemon, served on its own (virtual) thread: read one request
 * frame within the packet timeout, answer it, then close, unless the request registered a
 * node. A registration connection is then watched until it closes (the node unregisters) or
 * sends anything (OTP treats that as an error and unregisters too).
 */
final class DaemonConnection implements EpmdPeer, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonConnection.class);

    private final Socket socket;
    private final int fd;
    private final boolean local;
    private final EpmdDebugLog log;
    private final NodeRegistry registry;
    private final RequestHandler handler;
    private final ConnectionTable table;
    private final int packetTimeoutMillis;
    private final Duration delayWrite;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean keep;

    DaemonConnection(Socket socket, int fd, EpmdDebugLog log, NodeRegistry registry, RequestHandler handler,
            ConnectionTable table, EpmdConfig config) {
        this.socket = socket;
        this.fd = fd;
        this.local = LocalPeers.isLocal(socket.getInetAddress(), socket.getLocalAddress());
        this.log = log;
        this.registry = registry;
        this.handler = handler;
        this.table = table;
        this.packetTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.packetTimeout().toMillis());
        this.delayWrite = config.delayWrite();
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public boolean isLocal() {
        return local;
    }

    @Override
    public void run() {
        try {
            if (serveRequest() && keep) {
                watchRegistration();
            }
        } catch (RuntimeException e) {
            // A bug must cost this connection only, never the daemon.
            log.log(0, "internal error on file descriptor " + fd + ": " + e);
            LOG.error("epmd connection {} failed", fd, e);
        } finally {
            close();
        }
    }

    /** Reads one frame and handles it; false when the connection ended or the frame was refused. */
    private boolean serveRequest() {
        FrameAssembler frame = new FrameAssembler();
        InputStream in;
        try {
            socket.setSoTimeout(packetTimeoutMillis);
            in = socket.getInputStream();
        } catch (IOException e) {
            reportReadError(e);
            return false;
        }
        // Bounded: every pass adds at least one byte to a frame smaller than INBUF_SIZE, and
        // every read waits at most the packet timeout.
        while (true) {
            int count;
            try {
                count = in.read(frame.buffer(), frame.offset(), frame.readLimit());
            } catch (SocketTimeoutException e) {
                log.log(1, "closing because timed out on receive");
                return false;
            } catch (IOException e) {
                reportReadError(e);
                return false;
            }
            log.time();
            if (count < 0) {
                log.log(0, "got partial packet only on file descriptor " + fd + " (" + frame.received() + ")");
                return false;
            }
            // OTP dumps the start of its buffer, not the bytes just read; the same bytes show here.
            log.dump(frame.buffer(), count);
            boolean complete;
            try {
                complete = frame.append(count);
            } catch (MalformedRequestException e) {
                log.log(0, e.otpLogLine());
                LOG.debug("epmd connection {}: {}", fd, e.getMessage());
                return false;
            }
            log.time();
            if (complete) {
                handler.handle(frame.body(), this);
                return true;
            }
        }
    }

    /** Blocks until the registration connection closes or misbehaves, then unregisters. */
    private void watchRegistration() {
        try {
            socket.setSoTimeout(0);
            InputStream in = socket.getInputStream();
            int first = in.read();
            if (closed.get()) {
                return;
            }
            log.time();
            if (first >= 0) {
                byte[] more = new byte[Math.min(in.available(), EpmdWire.INBUF_SIZE - 1)];
                int extra = in.readNBytes(more, 0, more.length);
                byte[] received = new byte[1 + extra];
                received[0] = (byte) first;
                System.arraycopy(more, 0, received, 1, extra);
                log.log(1, "got more than expected on ALIVE socket " + fd + " (" + received.length + ")");
                log.dump(received, received.length);
            }
            registry.unregister(this);
        } catch (IOException e) {
            if (closed.get()) {
                return;
            }
            log.log(1, "error on ALIVE socket " + fd + " (-1; " + e.getMessage() + ")");
            registry.unregister(this);
        }
    }

    @Override
    public boolean reply(byte[]... chunks) {
        try {
            OutputStream out = socket.getOutputStream();
            if (delayWrite.isZero()) {
                out.write(concatenate(chunks));
                for (byte[] chunk : chunks) {
                    log.dump(chunk, chunk.length);
                }
            } else {
                for (byte[] chunk : chunks) {
                    Thread.sleep(delayWrite);
                    out.write(chunk);
                    log.dump(chunk, chunk.length);
                }
            }
            out.flush();
            return true;
        } catch (IOException e) {
            log.log(0, "error in write: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.log(0, "error in write: interrupted");
            return false;
        }
    }

    @Override
    public void keepOpen() {
        keep = true;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.log(2, "closing connection on file descriptor " + fd);
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing epmd connection {} failed", fd, e);
        }
        table.remove(this);
    }

    private void reportReadError(IOException e) {
        if (!closed.get()) {
            log.log(0, "error in read: " + e.getMessage());
        }
    }

    private static byte[] concatenate(byte[][] chunks) {
        if (chunks.length == 1) {
            return chunks[0];
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            all.writeBytes(chunk);
        }
        return all.toByteArray();
    }
}
