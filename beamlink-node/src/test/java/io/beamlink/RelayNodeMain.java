package io.beamlink;

import io.beamlink.node.NodeConfig;
import io.beamlink.node.NodeName;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import java.net.InetAddress;
import java.time.Duration;

/**
 * A Beamlink node in its own JVM, for tests across processes: its registered {@code relay}
 * process forwards {@code {forward, Name, Node, Msg}} as {@code {Name, Node} ! Msg}. Arguments:
 * full node name, epmd port, cookie, net_ticktime in seconds. It prints {@code READY} once up
 * and stops when standard input closes.
 */
public final class RelayNodeMain {
    private static final Atom FORWARD = Atom.of("forward");

    private RelayNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        NodeConfig config = NodeConfig.builder()
                .name(NodeName.parse(args[0]))
                .epmdPort(Integer.parseInt(args[1]))
                .cookie(args[2])
                .netTickTime(Duration.ofSeconds(Integer.parseInt(args[3])))
                .embeddedEpmd(false)
                .listenAddress(InetAddress.getLoopbackAddress())
                .build();
        try (Node node = Node.start(config); Mailbox relay = node.mailbox("relay")) {
            Thread.ofVirtual().start(() -> forward(relay));
            System.out.println("READY " + node.name().name());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Runs until the test closes our standard input.
            }
        }
    }

    private static void forward(Mailbox relay) {
        try {
            while (true) {
                Term message = relay.receive();
                if (message instanceof Tuple t && t.isTagged(FORWARD, 4)) {
                    relay.send((Atom) t.get(1), (Atom) t.get(2), t.get(3));
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            // The node is closing.
        }
    }
}
