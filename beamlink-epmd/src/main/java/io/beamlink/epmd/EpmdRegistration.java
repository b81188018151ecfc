package io.beamlink.epmd;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's registration with epmd. It lives exactly as long as its connection: {@link #close()}
 * unregisters the node, and so does epmd dying or forcibly unregistering the name (then
 * {@link #isOpen()} turns false).
 */
public final class EpmdRegistration implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EpmdRegistration.class);

    private final Socket socket;
    private final String alive;
    private final int creation;
    private final String endpoint;
    private final int bytesSent;
    private final int bytesReceived;
    private final AtomicBoolean open = new AtomicBoolean(true);

    EpmdRegistration(Socket socket, String alive, int creation, String endpoint, int bytesSent, int bytesReceived) {
        this.socket = socket;
        this.alive = alive;
        this.creation = creation;
        this.endpoint = endpoint;
        this.bytesSent = bytesSent;
        this.bytesReceived = bytesReceived;
        Thread.ofVirtual().name("epmd-registration-" + alive).start(this::watchConnection);
    }

    /**
     * The creation epmd assigned: a 32-bit value (never 0..3) from an OTP 23+ epmd when the node
     * speaks version 6, else 1..3. It differs from the previous registration of the same name.
     */
    public int creation() {
        return creation;
    }

    public String alive() {
        return alive;
    }

    /** This end of the registration connection (for socket tables such as the shell's {@code inet:i()}). */
    public SocketAddress localAddress() {
        return socket.getLocalSocketAddress();
    }

    /** epmd's end of the registration connection. */
    public SocketAddress remoteAddress() {
        return socket.getRemoteSocketAddress();
    }

    /** Bytes written on the connection: the ALIVE2_REQ frame, since nothing follows it. */
    public int bytesSent() {
        return bytesSent;
    }

    /** Bytes read on the connection: the ALIVE2 reply. */
    public int bytesReceived() {
        return bytesReceived;
    }

    /** True until {@link #close()} or until epmd closes the connection. */
    public boolean isOpen() {
        return open.get();
    }

    /** Closes the connection, which unregisters the node. Idempotent. */
    @Override
    public void close() {
        open.set(false);
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing the epmd registration of {} on {} failed", alive, endpoint, e);
        }
    }

    @Override
    public String toString() {
        return "EpmdRegistration[" + alive + " creation " + Integer.toUnsignedString(creation) + " at " + endpoint
                + (isOpen() ? "" : ", closed") + "]";
    }

    /** epmd never writes on a registration connection; it only closes it. Either way we are done. */
    private void watchConnection() {
        try (InputStream in = socket.getInputStream()) {
            int b = in.read();
            if (open.get()) {
                LOG.warn("epmd on {} {} the registration of {}", endpoint,
                        b < 0 ? "closed" : "sent unexpected data on", alive);
            }
        } catch (IOException e) {
            if (open.get()) {
                LOG.warn("the epmd registration of {} on {} failed: {}", alive, endpoint, e.toString());
            }
        } finally {
            close();
        }
    }
}
