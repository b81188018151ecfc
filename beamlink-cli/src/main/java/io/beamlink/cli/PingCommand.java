package io.beamlink.cli;

import io.beamlink.Node;
import io.beamlink.node.NodeName;
import io.beamlink.term.Atom;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code beamlink ping NODE}: prints {@code pong} or {@code pang}, like {@code net_adm:ping/1}. */
@Command(name = "ping", mixinStandardHelpOptions = true,
        description = {"Ping a node, like net_adm:ping/1: prints pong (exit 0) or pang (exit 1).",
            "Runs as a temporary hidden node named beamlink-ping-<random> with the same kind of name"
                + " (short or long) as NODE."})
public final class PingCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NODE", description = "The node to ping, e.g. app@myhost or app@127.0.0.1.")
    String target;

    @Mixin
    NodeOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // Only pong or pang on stdout; the temporary node's lifecycle is not news here.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        NodeName peer = NodeName.parse(target);
        String alive = "beamlink-ping-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        NodeName self = peer.longName()
                ? NodeName.longName(alive + "@" + ownLongHost(peer.host()))
                : NodeName.shortName(alive);
        options.hidden = true;
        try (Node node = Node.start(options.toConfig(self).build())) {
            boolean pong = node.ping(peer.atom());
            spec.commandLine().getOut().println(pong ? "pong" : "pang");
            return pong ? 0 : 1;
        }
    }

    /** A loopback target gets a loopback name; otherwise this host's fully qualified name. */
    private static String ownLongHost(String peerHost) throws java.net.UnknownHostException {
        InetAddress peerAddress = InetAddress.getByName(peerHost);
        if (peerAddress.isLoopbackAddress()) {
            return peerHost;
        }
        return InetAddress.getLocalHost().getCanonicalHostName();
    }
}
