package io.beamlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.dist.Connection;
import io.beamlink.dist.ConnectionSettings;
import io.beamlink.dist.DistFlags;
import io.beamlink.dist.Handshake;
import io.beamlink.dist.HandshakeStatus;
import io.beamlink.epmd.EpmdClient;
import io.beamlink.epmd.EpmdRegistration;
import io.beamlink.node.NodeEvent;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.Int;
import io.beamlink.term.OutputBuffer;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.TermEncoder;
import io.beamlink.term.Tuple;
import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpPeers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A peer that misbehaves at each handshake step and after it loses its own connection only: the
 * node keeps serving a real erl peer all along.
 */
class MisbehavingPeerTest {
    @RegisterExtension
    static final OtpPeers PEERS = OtpPeers.create();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long FLAGS = DistFlags.REQUIRED | DistFlags.MANDATORY_25_DIGEST | DistFlags.PUBLISHED
            | DistFlags.DIST_MONITOR | DistFlags.DIST_MONITOR_NAME;

    @Test
    void garbageDuringTheHandshakeClosesOnlyThatSocket() throws Exception {
        OtpPeer erl = PEERS.peer();
        try (Node java = TestNodes.shortNamed(PEERS.epmdPort())) {
            assertThat(java.ping(Atom.of(erl.nodeName()))).isTrue();
            int port = java.netKernel().orElseThrow().listenPort();
            Random random = new Random(7);
            for (int i = 0; i < 50; i++) {
                try (Socket evil = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    byte[] garbage = new byte[1 + random.nextInt(200)];
                    random.nextBytes(garbage);
                    evil.getOutputStream().write(garbage);
                    evil.shutdownOutput();
                    evil.setSoTimeout(10_000);
                    drainUntilClosed(evil.getInputStream());
                }
            }
            assertThat(erl.eval("net_adm:ping('" + java.name().name() + "')")).isEqualTo("pong");
            assertThat(java.nodes()).containsExactly(Atom.of(erl.nodeName()));
        }
    }

    @Test
    void badFramesAfterTheHandshakeCloseThatConnectionAndNothingElse() throws Exception {
        OtpPeer erl = PEERS.peer();
        try (Node java = TestNodes.shortNamed(PEERS.epmdPort())) {
            List<NodeEvent> events = new CopyOnWriteArrayList<>();
            try (AutoCloseable monitor = java.monitorNodes(true, events::add)) {
                assertThat(java.ping(Atom.of(erl.nodeName()))).isTrue();
                String evilName = TestNodes.uniqueAlive("evil") + "@" + java.name().name().split("@")[1];
                Pid evilPid = new Pid(Atom.of(evilName), 1, 0, 9);
                List<byte[]> badFrames = List.of(
                        frame(new byte[] {(byte) 112, (byte) 131, 97}),                    // control is not a tuple
                        frame(passThrough(Tuple.of(Int.of(99), evilPid), null)),          // unknown operation
                        frame(new byte[] {(byte) 112, (byte) 131, 108, 0x7F, 0, 0, 0}),    // undecodable term
                        ByteBuffer.allocate(4).putInt(0x7FFF_FFFF).array(),                // oversized frame
                        frame(passThrough(Tuple.of(Int.of(6), evilPid, Atom.EMPTY, Atom.of("x")), null))); // payload missing
                for (byte[] bad : badFrames) {
                    try (Socket evil = handshaken(java, evilName)) {
                        await().atMost(WAIT).until(() -> java.nodes().contains(Atom.of(evilName)));
                        evil.getOutputStream().write(bad);
                        evil.getOutputStream().flush();
                        evil.setSoTimeout(10_000);
                        drainUntilClosed(evil.getInputStream());
                        await().atMost(WAIT).until(() -> !java.nodes().contains(Atom.of(evilName)));
                    }
                }
                assertThat(java.nodes()).containsExactly(Atom.of(erl.nodeName()));
                assertThat(events).filteredOn(e -> e.node().equals(Atom.of(erl.nodeName())))
                        .extracting(NodeEvent::up).containsExactly(true);
                assertThat(java.ping(Atom.of(erl.nodeName()))).isTrue();
            }
        }
    }

    @Test
    void aPeerThatStopsReadingHoldsUpOnlyItsOwnConnection() throws Exception {
        OtpPeer erl = PEERS.peer();
        try (Node java = TestNodes.shortNamed(PEERS.epmdPort())) {
            String host = java.name().name().split("@")[1];
            String evilAlive = TestNodes.uniqueAlive("deaf");
            Atom evil = Atom.of(evilAlive + "@" + host);
            // Where the node will dial: the address its host name resolves to.
            ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName(host));
            CountDownLatch everythingQueued = new CountDownLatch(1);
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    Socket socket = listener.accept();
                    everythingQueued.await();
                    new Handshake(evil.name(), FLAGS, 9, n -> TestNodes.COOKIE, WAIT)
                            .accept(socket, (name, flags) -> HandshakeStatus.OK);
                    return socket; // and never read from it
                } catch (IOException | InterruptedException e) {
                    throw new CompletionException(e);
                }
            });
            try (listener; EpmdRegistration registration = EpmdClient.of(host, PEERS.epmdPort())
                    .register(evilAlive, listener.getLocalPort());
                    Mailbox self = java.mailbox()) {
                // Far more than the socket buffers hold, all waiting for the connection to come up.
                for (int i = 0; i < 64; i++) {
                    self.send(Atom.of("sink"), evil, Binary.of(new byte[1 << 20]));
                }
                everythingQueued.countDown();
                try (Socket deaf = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    await().atMost(WAIT).until(() -> java.nodes().contains(evil));
                    // Connecting to another node needs the net kernel, which must not be waiting
                    // for the deaf peer (awaitility gives up on a condition that blocks).
                    await().atMost(WAIT).until(() -> java.ping(Atom.of(erl.nodeName())));
                    assertThat(java.disconnect(evil)).isTrue();
                    await().atMost(WAIT).until(() -> !java.nodes().contains(evil));
                    assertThat(java.ping(Atom.of(erl.nodeName()))).isTrue();
                }
            }
        }
    }

    @Test
    void anExitPassedOnToAPeerThatStopsReadingHoldsUpNoOtherConnection() throws Exception {
        OtpPeer erl = PEERS.peer();
        Atom erlNode = Atom.of(erl.nodeName());
        try (Node java = TestNodes.shortNamed(PEERS.epmdPort())) {
            String host = java.name().name().split("@")[1];
            String deafAlive = TestNodes.uniqueAlive("deaf");
            Atom deaf = Atom.of(deafAlive + "@" + host);
            ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName(host));
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    Socket socket = listener.accept();
                    new Handshake(deaf.name(), FLAGS, 9, n -> TestNodes.COOKIE, WAIT)
                            .accept(socket, (name, flags) -> HandshakeStatus.OK);
                    return socket; // and never read from it
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            });
            assertThat(erl.eval("register(q, spawn(fun() -> receive {link_me, P} -> link(P), P ! linked, "
                    + "receive stop -> exit(boom) end end end))")).isEqualTo("true");
            try (listener; EpmdRegistration registration = EpmdClient.of(host, PEERS.epmdPort())
                    .register(deafAlive, listener.getLocalPort());
                    Mailbox watcher = java.mailbox()) {
                // A process linked to a process on the deaf node and to one on the erl node.
                CountDownLatch linked = new CountDownLatch(1);
                Pid process = java.spawn(self -> {
                    self.link(new Pid(deaf, 1, 0, 9));
                    self.send(Atom.of("q"), erlNode, Tuple.of(Atom.of("link_me"), self.self()));
                    self.receive();
                    linked.countDown();
                    self.receive();
                });
                Ref monitor = watcher.monitor(process);
                assertThat(linked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                try (Socket deafSocket = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    // Fill the queue to the deaf node: one sender ends up writing (blocked in the
                    // socket), the other waiting for room.
                    List<Thread> fillers = List.of(fillerOf(watcher, deaf), fillerOf(watcher, deaf));
                    Connection toDeaf = java.netKernel().orElseThrow().connections().stream()
                            .filter(c -> c.peer().equals(deaf)).findFirst().orElseThrow();
                    await().atMost(WAIT).until(
                            () -> toDeaf.stats().queuedBytes() > ConnectionSettings.DEFAULTS.maxPendingBytes());

                    // The erl process exits: the node's reader of the erl connection kills the
                    // linked process, which passes the exit on to the deaf node.
                    erl.eval("q ! stop");
                    Term down = watcher.receive(WAIT);
                    assertThat(down).isEqualTo(Tuple.of(Atom.of("DOWN"), monitor, Atom.of("process"), process,
                            Atom.of("boom")));
                    assertThat(java.ping(erlNode)).as("the erl connection is still read").isTrue();
                    assertThat(erl.eval("net_adm:ping('" + java.name().name() + "')")).isEqualTo("pong");
                    assertThat(fillers).as("still waiting for the deaf node").allMatch(Thread::isAlive);
                }
            }
        }
    }

    /** A thread sending 32 MiB to {@code {sink, Node}}. */
    private static Thread fillerOf(Mailbox from, Atom node) {
        return Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 32; i++) {
                from.send(Atom.of("sink"), node, Binary.of(new byte[1 << 20]));
            }
        });
    }

    /** Dials the node and completes a real handshake as {@code evilName}. */
    private static Socket handshaken(Node java, String evilName) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), java.netKernel().orElseThrow().listenPort());
        new Handshake(evilName, FLAGS, 9, n -> TestNodes.COOKIE, WAIT).initiate(socket, java.name().name());
        return socket;
    }

    private static byte[] passThrough(Term control, Term payload) {
        OutputBuffer out = new OutputBuffer(64);
        out.writeByte(112);
        TermEncoder.encode(control, out);
        if (payload != null) {
            TermEncoder.encode(payload, out);
        }
        return out.toByteArray();
    }

    private static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    /** Reads until the node closes the socket (a read timeout fails the test). */
    private static void drainUntilClosed(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        for (int i = 0; i < 10_000; i++) {
            if (in.read(buffer) < 0) {
                return;
            }
        }
        throw new AssertionError("the node kept the misbehaving connection open");
    }

}
