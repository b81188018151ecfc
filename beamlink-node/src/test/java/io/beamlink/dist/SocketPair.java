package io.beamlink.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Two connected loopback sockets, with distribution's default TCP options, for driving one end of a protocol from a test. */
record SocketPair(Socket local, Socket remote) implements AutoCloseable {
    static SocketPair open() {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket remote = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            Socket local = server.accept();
            TcpOptions.DEFAULTS.applyTo(local);
            TcpOptions.DEFAULTS.applyTo(remote);
            return new SocketPair(local, remote);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        local.close();
        remote.close();
    }
}
