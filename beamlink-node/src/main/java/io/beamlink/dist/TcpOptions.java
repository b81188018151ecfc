package io.beamlink.dist;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The TCP options of distribution sockets, as OTP's {@code inet_dist_connect_options} and
 * {@code inet_dist_listen_options} set them for erl. The defaults are erl's: {@code nodelay}
 * on, keepalive off, the system's buffer sizes.
 *
 * @param noDelay {@code TCP_NODELAY}: send small messages at once rather than coalesce them
 * @param keepAlive {@code SO_KEEPALIVE}: let the kernel probe idle connections too (ticks do already)
 * @param sendBufferBytes {@code SO_SNDBUF}; 0 keeps the system's size
 * @param receiveBufferBytes {@code SO_RCVBUF}; 0 keeps the system's size (set on the listener
 *        too, so that accepted connections start with it)
 */
public record TcpOptions(boolean noDelay, boolean keepAlive, int sendBufferBytes, int receiveBufferBytes) {
    public static final TcpOptions DEFAULTS = new TcpOptions(true, false, 0, 0);

    public TcpOptions {
        if (sendBufferBytes < 0 || receiveBufferBytes < 0) {
            throw new IllegalArgumentException("TCP buffer sizes must be 0 (the system's) or positive, got send "
                    + sendBufferBytes + " and receive " + receiveBufferBytes);
        }
    }

    /** Sets the options on a socket; before it connects, so that the buffer sizes shape the TCP window. */
    public void applyTo(Socket socket) throws IOException {
        socket.setTcpNoDelay(noDelay);
        socket.setKeepAlive(keepAlive);
        if (sendBufferBytes > 0) {
            socket.setSendBufferSize(sendBufferBytes);
        }
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
    }

    /** Sets what accepted sockets inherit from their listener; before it binds. */
    public void applyTo(ServerSocket listener) throws IOException {
        if (receiveBufferBytes > 0) {
            listener.setReceiveBufferSize(receiveBufferBytes);
        }
    }
}
