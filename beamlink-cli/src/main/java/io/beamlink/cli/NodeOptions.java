package io.beamlink.cli;

import io.beamlink.node.NodeConfig;
import io.beamlink.node.NodeName;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The node options shared by commands that start a node, spelled like erl's flags. */
final class NodeOptions {
    @Option(names = "--cookie", paramLabel = "COOKIE",
            description = "The cookie (default: read ~/.erlang.cookie, created when missing, as erl does).")
    String cookie;

    @Option(names = "--cookie-file", paramLabel = "FILE", description = "Read the cookie from FILE instead of ~/.erlang.cookie.")
    Path cookieFile;

    @Option(names = "--epmd-port", paramLabel = "PORT",
            description = "Port of epmd (default: $ERL_EPMD_PORT, else 4369).")
    Integer epmdPort;

    @Option(names = "--no-embedded-epmd",
            description = "Fail when no epmd answers instead of starting one inside this process.")
    boolean noEmbeddedEpmd;

    @Option(names = "--hidden", description = "Connect as a hidden node (not in other nodes' nodes()).")
    boolean hidden;

    @Option(names = "--listen-address", paramLabel = "ADDRESS",
            description = "Address the distribution listener binds (default: all addresses, as erl).")
    String listenAddress;

    @Option(names = "--listen-port", paramLabel = "MIN[-MAX]",
            description = "Distribution listen port or range (inet_dist_listen_min/max; default: any free port).")
    String listenPort;

    @Option(names = "--net-ticktime", paramLabel = "SECONDS",
            description = "net_ticktime: a silent peer is dropped after about this long (default: 60).")
    Integer netTickTime;

    NodeConfig.Builder toConfig(NodeName name) throws UnknownHostException {
        NodeConfig.Builder config = NodeConfig.builder().name(name).hidden(hidden).embeddedEpmd(!noEmbeddedEpmd);
        if (cookie != null) {
            config.cookie(cookie);
        }
        if (cookieFile != null) {
            config.cookieFile(cookieFile);
        }
        if (epmdPort != null) {
            config.epmdPort(epmdPort);
        }
        if (listenAddress != null) {
            config.listenAddress(InetAddress.getByName(listenAddress));
        }
        if (listenPort != null) {
            String[] range = listenPort.split("-", 2);
            int min = parsePort(range[0]);
            config.listenPortRange(min, range.length == 2 ? parsePort(range[1]) : min);
        }
        if (netTickTime != null) {
            config.netTickTime(Duration.ofSeconds(netTickTime));
        }
        return config;
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen-port: not a port number: " + text);
        }
    }
}
