package io.beamlink.node;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Binds the distribution listener within the configured port range. */
final class Listener {
    private Listener() {
    }

    static ServerSocket bind(NodeConfig config) throws IOException {
        if (config.staticPort() > 0) {
            return bindExactly(config, config.staticPort());
        }
        if (config.listenMin() == 0 && config.listenMax() == 0) {
            return bindExactly(config, 0);
        }
        int min = config.listenMin() == 0 ? config.listenMax() : config.listenMin();
        int max = config.listenMax() == 0 ? config.listenMin() : config.listenMax();
        for (int port = min; port <= max; port++) {
            try {
                return bindExactly(config, port);
            } catch (BindException inUse) {
                // Try the next port of the range, as inet_tcp_dist does.
            }
        }
        throw new BindException("no free port for distribution in inet_dist_listen_min..max = " + min + ".." + max
                + " on " + config.listenAddress().getHostAddress() + "; widen the range or free a port");
    }

    private static ServerSocket bindExactly(NodeConfig config, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            config.tcp().applyTo(socket);
            socket.bind(new InetSocketAddress(config.listenAddress(), port), 128);
            return socket;
        } catch (IOException e) {
            socket.close();
            if (e instanceof BindException && port != 0) {
                throw new BindException("cannot listen on " + config.listenAddress().getHostAddress() + ":" + port
                        + ": " + e.getMessage());
            }
            throw e;
        }
    }
}
