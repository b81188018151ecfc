package io.beamlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.dist.ConnectionSettings;
import io.beamlink.dist.TcpOptions;
import io.beamlink.epmd.EpmdClient;
import io.beamlink.epmd.EpmdRegistration;
import io.beamlink.node.NetKernel;
import io.beamlink.node.NodeEvent;
import io.beamlink.node.NodeName;
import io.beamlink.node.NodeVisibility;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Int;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import io.beamlink.testkit.FreePort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Beamlink nodes among themselves, in one JVM, with the embedded Beamlink epmd. */
class JavaClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static Node node(int epmdPort) {
        return TestNodes.start(TestNodes.config(NodeName.longName(TestNodes.uniqueAlive("j") + "@127.0.0.1"), epmdPort)
                .embeddedEpmd(true));
    }

    /**
     * Messages to a node still being connected wait in the attempt; past
     * {@link io.beamlink.node.NetKernel}'s limit a process sending one more waits for the attempt
     * to end rather than queue without bound. The peer here accepts the TCP connection and never
     * answers the handshake, so the attempt ends only when setup times out.
     */
    @Test
    void aSenderWaitsOnceANodeBeingConnectedHoldsTooManyMessages() throws Exception {
        int epmd = FreePort.find();
        Duration setupTimeout = Duration.ofSeconds(2);
        try (Node a = TestNodes.start(TestNodes.config(NodeName.longName(TestNodes.uniqueAlive("j") + "@127.0.0.1"), epmd)
                        .embeddedEpmd(true).setupTimeout(setupTimeout));
                ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                EpmdRegistration registered = EpmdClient.of("127.0.0.1", epmd)
                        .register("silent" + TestNodes.uniqueAlive(""), silent.getLocalPort())) {
            Atom silentNode = Atom.of(registered.alive() + "@127.0.0.1");
            Thread accepter = Thread.ofVirtual().start(() -> {
                List<Socket> held = new ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept()); // and never answer
                    }
                } catch (IOException e) {
                    held.forEach(JavaClusterTest::closeQuietly);
                }
            });
            AtomicInteger sent = new AtomicInteger();
            Thread sender = Thread.ofPlatform().start(() -> {
                try (Mailbox self = a.mailbox()) {
                    for (int i = 0; i <= NetKernel.QUEUED_WHILE_CONNECTING; i++) {
                        self.send(Atom.of("inbox"), silentNode, Int.of(i));
                        sent.incrementAndGet();
                    }
                }
            });
            await().atMost(WAIT).until(() -> sent.get() == NetKernel.QUEUED_WHILE_CONNECTING
                    && sender.getState() == Thread.State.TIMED_WAITING);
            assertThat(sent.get()).as("the send past the limit has not returned").isEqualTo(NetKernel.QUEUED_WHILE_CONNECTING);
            assertThat(sender.join(setupTimeout.multipliedBy(4))).as("it returns once the attempt ends").isTrue();
            assertThat(sent.get()).isEqualTo(NetKernel.QUEUED_WHILE_CONNECTING + 1);
            silent.close();
            accepter.join(WAIT);
        }
    }

    @Test
    void threeNodesExchangeMessagesInEveryDirection() throws Exception {
        int epmd = FreePort.find();
        List<Node> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(node(epmd));
            }
            List<Mailbox> inboxes = new ArrayList<>();
            for (Node n : nodes) {
                inboxes.add(n.mailbox("inbox"));
            }
            for (int from = 0; from < 3; from++) {
                for (int to = 0; to < 3; to++) {
                    if (from != to) {
                        inboxes.get(from).send(Atom.of("inbox"), nodes.get(to).name(),
                                Tuple.of(Int.of(from), inboxes.get(from).self()));
                    }
                }
            }
            for (int to = 0; to < 3; to++) {
                List<Term> got = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    got.add(inboxes.get(to).receive(WAIT));
                }
                assertThat(got).hasSize(2).doesNotContainNull();
                for (Term t : got) {
                    Tuple msg = (Tuple) t;
                    int from = (int) ((Int) msg.get(0)).value();
                    assertThat(msg.get(1)).isEqualTo(inboxes.get(from).self());
                }
            }
            assertThat(nodes.get(0).nodes()).containsExactlyInAnyOrder(nodes.get(1).name(), nodes.get(2).name());
        } finally {
            nodes.forEach(Node::close);
        }
    }

    /** A node's TCP options reach the sockets of the connections it makes and of those it accepts. */
    @Test
    void tcpOptionsApplyToInitiatedAndAcceptedConnections() throws Exception {
        int epmd = FreePort.find();
        TcpOptions custom = new TcpOptions(false, true, 0, 0);
        try (Node configured = TestNodes.start(TestNodes.config(NodeName.longName(TestNodes.uniqueAlive("t") + "@127.0.0.1"),
                        epmd).embeddedEpmd(true).tcp(custom));
                Node dialled = node(epmd); Node dialling = node(epmd)) {
            assertThat(configured.connect(dialled.name())).isTrue();
            assertThat(dialling.connect(configured.name())).isTrue();
            for (Node peer : List.of(dialled, dialling)) {
                // The accepting side lists its end a moment after the connecting side returns.
                await().atMost(WAIT).until(() -> peer.connection(configured.name()).isPresent()
                        && configured.connection(peer.name()).isPresent());
                TcpOptions seen = configured.connection(peer.name()).orElseThrow().tcpOptions();
                assertThat(seen.noDelay()).as("nodelay towards %s", peer.name()).isFalse();
                assertThat(seen.keepAlive()).as("keepalive towards %s", peer.name()).isTrue();
                TcpOptions other = peer.connection(configured.name()).orElseThrow().tcpOptions();
                assertThat(other.noDelay()).isTrue();
                assertThat(other.keepAlive()).isFalse();
            }
            assertThat(configured.ping(dialled.name())).isTrue();
        }
    }

    /**
     * monitor_nodes events say whether the node is visible, and a subscription without hidden
     * nodes hears nothing of a hidden one; a disconnect is reported with its reason.
     */
    @Test
    void nodeEventsCarryTheNodeTypeAndVisibleOnlySubscriptionsSkipHiddenNodes() throws Exception {
        int epmd = FreePort.find();
        try (Node watcher = node(epmd); Node visible = node(epmd);
                Node hidden = TestNodes.start(TestNodes.config(NodeName.longName(TestNodes.uniqueAlive("h") + "@127.0.0.1"),
                        epmd).hidden(true))) {
            BlockingQueue<NodeEvent> all = new LinkedBlockingQueue<>();
            BlockingQueue<NodeEvent> visibleOnly = new LinkedBlockingQueue<>();
            try (AutoCloseable a = watcher.monitorNodes(true, all::add);
                    AutoCloseable v = watcher.monitorNodes(false, visibleOnly::add)) {
                assertThat(hidden.connect(watcher.name())).isTrue();
                assertThat(all.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .isEqualTo(new NodeEvent(true, hidden.name(), false, null));
                assertThat(visible.connect(watcher.name())).isTrue();
                assertThat(all.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .isEqualTo(new NodeEvent(true, visible.name(), true, null));
                NodeEvent up = visibleOnly.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(up).isEqualTo(new NodeEvent(true, visible.name(), true, null));

                assertThat(watcher.disconnect(hidden.name())).isTrue();
                NodeEvent down = all.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(down.up()).isFalse();
                assertThat(down.node()).isEqualTo(hidden.name());
                assertThat(down.visible()).isFalse();
                assertThat(down.reason()).isEqualTo(Atom.of("disconnect"));
                // The visible-only subscriber hears the visible node's nodedown, and nothing of the hidden one's.
                assertThat(watcher.disconnect(visible.name())).isTrue();
                assertThat(all.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).extracting(NodeEvent::node).isEqualTo(visible.name());
                NodeEvent visibleDown = visibleOnly.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(visibleDown).extracting(NodeEvent::up, NodeEvent::node).containsExactly(false, visible.name());
                assertThat(visibleOnly).isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0} readers")
    @EnumSource(ConnectionSettings.ReaderThread.class)
    void eitherKindOfReaderThreadCarriesBurstsInOrder(ConnectionSettings.ReaderThread kind) throws Exception {
        int epmd = FreePort.find();
        ConnectionSettings settings = ConnectionSettings.DEFAULTS.withReaderThread(kind);
        try (Node a = TestNodes.start(TestNodes.config(NodeName.longName(TestNodes.uniqueAlive("j") + "@127.0.0.1"), epmd)
                        .embeddedEpmd(true).connection(settings));
                Node b = TestNodes.start(TestNodes.config(NodeName.longName(TestNodes.uniqueAlive("j") + "@127.0.0.1"), epmd)
                        .embeddedEpmd(true).connection(settings));
                Mailbox in = b.mailbox("in"); Mailbox out = a.mailbox()) {
            int count = 5_000;
            for (int i = 0; i < count; i++) {
                out.send(Atom.of("in"), b.name(), Tuple.of(out.self(), Int.of(i)));
            }
            for (int i = 0; i < count; i++) {
                Tuple got = (Tuple) in.receive(WAIT);
                assertThat(got.get(1)).isEqualTo(Int.of(i));
                in.send((io.beamlink.term.Pid) got.get(0), got.get(1));
            }
            for (int i = 0; i < count; i++) {
                assertThat(out.receive(WAIT)).isEqualTo(Int.of(i));
            }
            // Thread.getAllStackTraces lists platform threads only.
            boolean platformReader = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("beamlink-reader-" + b.name().name()));
            assertThat(platformReader).isEqualTo(kind == ConnectionSettings.ReaderThread.PLATFORM);
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a deadlock here once hung the node
    void messagesQueuedDuringSetupBeyondTheSendQueueLimitAllArrive() throws Exception {
        int epmd = FreePort.find();
        // A send queue of 1 KiB: flushing what waited for the connection must wait for the writer.
        ConnectionSettings tight = new ConnectionSettings(4, 1L << 20, 1024, 1024, 100,
                ConnectionSettings.ReaderThread.PLATFORM);
        try (Node a = TestNodes.start(TestNodes.config(NodeName.longName(TestNodes.uniqueAlive("j") + "@127.0.0.1"), epmd)
                        .embeddedEpmd(true).connection(tight));
                Node b = node(epmd); Mailbox in = b.mailbox("in"); Mailbox out = a.mailbox()) {
            int count = 2_000;
            for (int i = 0; i < count; i++) {
                out.send(Atom.of("in"), b.name(), Tuple.of(Int.of(i), Atom.of("padding_to_fill_the_queue")));
            }
            for (int i = 0; i < count; i++) {
                assertThat(((Tuple) in.receive(WAIT)).get(0)).isEqualTo(Int.of(i));
            }
        }
    }

    @Test
    void orderIsKeptBetweenOneSenderAndOneReceiver() throws Exception {
        int epmd = FreePort.find();
        try (Node a = node(epmd); Node b = node(epmd); Mailbox in = b.mailbox("in"); Mailbox out = a.mailbox()) {
            int count = 20_000;
            for (int i = 0; i < count; i++) {
                out.send(Atom.of("in"), b.name(), Int.of(i));
            }
            for (int i = 0; i < count; i++) {
                assertThat(in.receive(WAIT)).isEqualTo(Int.of(i));
            }
        }
    }

    @Test
    void simultaneousConnectsAlwaysEndWithExactlyOneConnection() throws Exception {
        int epmd = FreePort.find();
        for (int round = 0; round < 25; round++) {
            try (Node a = node(epmd); Node b = node(epmd)) {
                CountDownLatch go = new CountDownLatch(1);
                Thread ta = Thread.ofVirtual().start(() -> connectWhenReleased(a, b.name(), go));
                Thread tb = Thread.ofVirtual().start(() -> connectWhenReleased(b, a.name(), go));
                go.countDown();
                ta.join(WAIT);
                tb.join(WAIT);
                assertThat(a.nodes(NodeVisibility.CONNECTED)).containsExactly(b.name());
                assertThat(b.nodes(NodeVisibility.CONNECTED)).containsExactly(a.name());
                assertThat(a.connection(b.name()).orElseThrow().localAddress())
                        .isEqualTo(b.connection(a.name()).orElseThrow().remoteAddress());
            }
        }
    }

    private static void connectWhenReleased(Node from, Atom to, CountDownLatch go) {
        try {
            go.await();
            assertThat(from.connect(to)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void pingAndWrongCookie() throws Exception {
        int epmd = FreePort.find();
        try (Node a = node(epmd);
                Node b = TestNodes.start(TestNodes.config(NodeName.longName(TestNodes.uniqueAlive("j") + "@127.0.0.1"),
                        epmd).embeddedEpmd(true).cookie("other-cookie"));
                Node c = node(epmd)) {
            assertThat(a.ping(b.name())).isFalse();
            assertThat(b.ping(a.name())).isFalse();
            assertThat(a.nodes(NodeVisibility.CONNECTED)).isEmpty();
            assertThat(a.ping(c.name())).isTrue();
            b.setCookie(a.name(), TestNodes.COOKIE);
            assertThat(b.ping(a.name())).isTrue();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // the test is over either way
        }
    }
}
