package io.beamlink.dist;

import static io.beamlink.dist.HandshakeFrames.read;
import static io.beamlink.dist.HandshakeFrames.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.Node;
import io.beamlink.node.NodeConfig;
import io.beamlink.node.NodeEvent;
import io.beamlink.node.NodeName;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Tuple;
import io.beamlink.testkit.FreePort;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A peer that restarted and connects again while its old connection is still up (the node did
 * not see it go): the handshake's {@code alive} status, answered {@code true}, replaces the old
 * connection. What was linked to the old incarnation gets {@code noconnection}, and node
 * monitors see the old connection go down before the new one comes up, as in OTP.
 */
class RestartedPeerTest {
    private static final String COOKIE = "restart-test";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static Node node(String name, int epmdPort) throws IOException {
        return Node.start(NodeConfig.builder().name(NodeName.longName(name)).cookie(COOKIE).epmdPort(epmdPort)
                .embeddedEpmd(true).listenAddress(InetAddress.getLoopbackAddress()).build());
    }

    @Test
    void theReplacedConnectionIsReportedDownAndItsLinksBreak() throws Exception {
        int epmd = FreePort.find();
        try (Node survivor = node("survivor@127.0.0.1", epmd); Node old = node("phoenix@127.0.0.1", epmd);
                Mailbox watcher = survivor.mailbox(); Mailbox oldInbox = old.mailbox()) {
            assertThat(old.connect(survivor.name())).isTrue();
            watcher.trapExit(true);
            watcher.link(oldInbox.self());
            // The link went out before this message, on the same connection.
            watcher.send(oldInbox.self(), Atom.of("linked"));
            assertThat(oldInbox.receive(WAIT)).isEqualTo(Atom.of("linked"));
            BlockingQueue<NodeEvent> events = new LinkedBlockingQueue<>();
            try (AutoCloseable monitoring = survivor.monitorNodes(true, events::add);
                    Socket restarted = new Socket(InetAddress.getLoopbackAddress(),
                            survivor.netKernel().orElseThrow().listenPort())) {
                handshakeAsRestarted(restarted, "phoenix@127.0.0.1");

                assertThat(watcher.receive(WAIT))
                        .isEqualTo(Tuple.of(Atom.of("EXIT"), oldInbox.self(), Atom.of("noconnection")));
                NodeEvent down = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(down).extracting(NodeEvent::up, NodeEvent::node).containsExactly(false, old.name());
                NodeEvent up = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(up).extracting(NodeEvent::up, NodeEvent::node).containsExactly(true, old.name());
            }
        }
    }

    /** A handshake from {@code name}'s new incarnation: it answers the {@code alive} status with {@code true}. */
    private static void handshakeAsRestarted(Socket socket, String name) throws IOException {
        OutputStream out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        long flags = DistFlags.REQUIRED | DistFlags.MANDATORY_25_DIGEST | DistFlags.PUBLISHED;
        write(out, ByteBuffer.allocate(1 + 8 + 4 + 2 + nameBytes.length).put((byte) 'N').putLong(flags)
                .putInt(0x7e57).putShort((short) nameBytes.length).put(nameBytes).array());
        assertThat(new String(read(in), StandardCharsets.US_ASCII)).isEqualTo("salive");
        write(out, "strue".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer challenge = ByteBuffer.wrap(read(in));
        assertThat(challenge.get()).isEqualTo((byte) 'N');
        challenge.getLong();
        int theirs = challenge.getInt();
        write(out, ByteBuffer.allocate(1 + 4 + 16).put((byte) 'r').putInt(42)
                .put(Handshake.digest(COOKIE, theirs)).array());
        assertThat(read(in)[0]).isEqualTo((byte) 'a');
    }

}
