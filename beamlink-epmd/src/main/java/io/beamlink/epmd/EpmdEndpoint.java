package io.beamlink.epmd;

import java.net.InetSocketAddress;

/** Formats host and port the way messages show them: {@code 127.0.0.1:4369}, {@code [::1]:4369}. */
final class EpmdEndpoint {
    private EpmdEndpoint() {
    }

    static String format(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    static String format(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        int zone = host.indexOf('%');
        return format(zone >= 0 ? host.substring(0, zone) : host, address.getPort());
    }
}
