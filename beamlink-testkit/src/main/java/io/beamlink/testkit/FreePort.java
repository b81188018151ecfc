package io.beamlink.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface, so tests never need the fixed epmd port 4369. */
public final class FreePort {

    private FreePort() {
    }

    /**
     * A port nothing listens on right now: the kernel picks it when a socket binds port 0.
     * Another program may take it before the caller binds it; the kernel hands out ephemeral
     * ports in rotation, which makes that rare.
     */
    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback socket to find a free port", e);
        }
    }
}
