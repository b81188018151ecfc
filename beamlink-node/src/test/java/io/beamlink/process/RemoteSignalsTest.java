package io.beamlink.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.Node;
import io.beamlink.node.NodeConfig;
import io.beamlink.node.NodeName;
import io.beamlink.dist.ConnectionSettings;
import io.beamlink.node.NodeEvent;
import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.ErlList;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Ref;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpPeers;
import io.beamlink.testkit.OtpRelease;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Links and monitors across the wire, compared with what Erlang does between two Erlang nodes:
 * each scenario's outcome seen by Erlang is the same whether the other side is Java or erl.
 */
class RemoteSignalsTest {
    @RegisterExtension
    static final OtpPeers PEERS = OtpPeers.create();

    private static final Duration WAIT = Duration.ofSeconds(10);

    static List<OtpRelease> releases() {
        return OtpRelease.available();
    }

    private static Node javaNode() throws Exception {
        return javaNode(ConnectionSettings.DEFAULTS);
    }

    private static Node javaNode(ConnectionSettings connection) throws Exception {
        return Node.start(NodeConfig.builder()
                .name(NodeName.shortName("sig" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)))
                .cookie("beamlink-test").epmdPort(PEERS.epmdPort()).embeddedEpmd(false)
                .listenAddress(InetAddress.getLoopbackAddress()).connection(connection).build());
    }

    /** Erlang code that links to, monitors and kills a process named {@code target} on {@code node}; returns what it saw. */
    private static String erlangScenario(String node) {
        return "(fun() -> process_flag(trap_exit, true), "
                + "Target = rpc:call(" + node + ", erlang, whereis, [target]), "
                + "link(Target), MRef = monitor(process, {target, " + node + "}), "
                + "exit(Target, boom), "
                + "E = receive {'EXIT', Target, R1} -> {exit, R1} after 5000 -> no_exit end, "
                + "D = receive {'DOWN', MRef, process, _, R2} -> {down, R2} after 5000 -> no_down end, "
                + "process_flag(trap_exit, false), [E, D] end)()";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void linkMonitorAndExitFromErlangBehaveAsBetweenErlangNodes(OtpRelease release) throws Exception {
        OtpPeer erl = PEERS.peer(release);
        String expected;
        try (OtpPeer other = OtpPeer.builder().release(release).epmdPort(PEERS.epmdPort()).start()) {
            other.eval("register(target, spawn(fun() -> receive stop -> ok end end)), ok");
            expected = erl.eval(erlangScenario("'" + other.nodeName() + "'"));
        }
        try (Node java = javaNode()) {
            java.rpc().register("erlang", "whereis", 1,
                    args -> java.whereis(((Atom) args.get(0)).name()).<Term>map(p -> p).orElse(Atom.UNDEFINED));
            Pid target = java.spawn(self -> self.receive());
            java.register("target", target);
            String actual = erl.eval(erlangScenario("'" + java.name().name() + "'"));
            assertThat(actual).isEqualTo(expected).isEqualTo("[{exit,boom},{down,boom}]");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void javaSeesErlangExitsAndALostNodeAsNoconnection(OtpRelease release) throws Exception {
        try (OtpPeer erl = OtpPeer.builder().release(release).epmdPort(PEERS.epmdPort()).start();
                Node java = javaNode(); Mailbox self = java.mailbox()) {
            erl.eval("register(a, spawn(fun() -> receive X -> exit(X) end end)), "
                    + "register(b, spawn(fun() -> receive X -> exit(X) end end)), ok");
            Atom erlNode = Atom.of(erl.nodeName());
            self.trapExit(true);
            Pid a = Pid.class.cast(io.beamlink.otp.Rpc.call(self, erlNode, Atom.of("erlang"), Atom.of("whereis"),
                    List.of(Atom.of("a")), WAIT));
            self.link(a);
            Ref byName = self.monitor(Atom.of("b"), erlNode);
            self.send(a, Atom.of("boom"));
            assertThat(self.receive(WAIT)).isEqualTo(Tuple.of(Atom.of("EXIT"), a, Atom.of("boom")));

            erl.signal("KILL");
            assertThat(self.receive(WAIT)).isEqualTo(Tuple.of(Atom.of("DOWN"), byName, Atom.of("process"),
                    Tuple.of(Atom.of("b"), erlNode), Atom.of("noconnection")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void aDemonitorReachesErlangBeforeWhatTheWatcherSendsNextAndAloneSoonAfter(OtpRelease release)
            throws Exception {
        try (OtpPeer erl = OtpPeer.builder().release(release).epmdPort(PEERS.epmdPort()).start();
                Node java = javaNode(); Mailbox self = java.mailbox()) {
            erl.eval("register(w, spawn(fun Loop() -> receive {check, From} -> "
                    + "From ! process_info(self(), monitored_by), Loop() end end)), ok");
            Atom erlNode = Atom.of(erl.nodeName());
            Pid w = Pid.class.cast(io.beamlink.otp.Rpc.call(self, erlNode, Atom.of("erlang"), Atom.of("whereis"),
                    List.of(Atom.of("w")), WAIT));
            Tuple check = Tuple.of(Atom.of("check"), self.self());

            Ref ref = self.monitor(w);
            self.send(w, check);
            assertThat(self.receive(WAIT)).isEqualTo(monitoredBy(self.self()));
            // The demonitor may wait for the next write: the check goes out with it, after it.
            self.demonitor(ref, true);
            self.send(w, check);
            assertThat(self.receive(WAIT)).isEqualTo(monitoredBy());

            // With nothing written after it (eval talks to erl through its console), it still goes out.
            Ref alone = self.monitor(w);
            await().atMost(WAIT).until(() -> monitorsOn(erl).equals("1"));
            self.demonitor(alone, true);
            await().atMost(WAIT).until(() -> monitorsOn(erl).equals("0"));
        }
    }

    /**
     * Unlinking across the wire (UNLINK_ID and its ack) in both directions: after the unlink an
     * exit of the other side no longer reaches this one, and the peer's link set is empty. Then a
     * link and a node monitor from Java see the node go away: {@code {'EXIT', Pid, noconnection}}
     * and {@code {nodedown, Node}}, as an Erlang process would.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void unlinksCrossTheWireAndALostNodeBreaksLinksAndNodeMonitors(OtpRelease release) throws Exception {
        try (OtpPeer erl = OtpPeer.builder().release(release).epmdPort(PEERS.epmdPort()).start();
                Node java = javaNode(); Mailbox self = java.mailbox()) {
            Atom erlNode = Atom.of(erl.nodeName());
            String javaNode = "'" + java.name().name() + "'";
            erl.eval("register(p, spawn(fun() -> receive X -> exit(X) end end)), ok");
            Pid p = Pid.class.cast(io.beamlink.otp.Rpc.call(self, erlNode, Atom.of("erlang"), Atom.of("whereis"),
                    List.of(Atom.of("p")), WAIT));
            self.trapExit(true);

            // Java links and unlinks; the erl process then exits: no EXIT may come.
            self.link(p);
            await().atMost(WAIT).until(() -> linksOf(erl, "p").equals("1"));
            self.unlink(p);
            await().atMost(WAIT).until(() -> linksOf(erl, "p").equals("0"));
            self.send(p, Atom.of("boom"));
            assertThat(self.receive(Duration.ofMillis(500))).isNull();

            // Erlang links to a Java process and unlinks, then exits abnormally: the Java process lives on.
            java.rpc().register("erlang", "whereis", 1,
                    args -> java.whereis(((Atom) args.get(0)).name()).<Term>map(pid -> pid).orElse(Atom.UNDEFINED));
            Pid target = java.spawn(m -> m.receive());
            java.register("target", target);
            assertThat(erl.eval("E = spawn(fun() -> receive {go, T} -> link(T), unlink(T), exit(boom) end end), "
                    + "Ref = monitor(process, E), E ! {go, rpc:call(" + javaNode + ", erlang, whereis, [target])}, "
                    + "receive {'DOWN', Ref, process, E, R} -> R after 5000 -> timeout end")).isEqualTo("boom");
            // Asked over the same connection after E's exit, so that exit has been handled by now.
            assertThat(erl.eval("rpc:call(" + javaNode + ", erlang, whereis, [target]) =/= undefined")).isEqualTo("true");
            assertThat(java.whereis("target")).contains(target);

            // A link and a node monitor to a node that goes away.
            erl.eval("register(q, spawn(fun() -> receive _ -> ok end end)), ok");
            Pid q = Pid.class.cast(io.beamlink.otp.Rpc.call(self, erlNode, Atom.of("erlang"), Atom.of("whereis"),
                    List.of(Atom.of("q")), WAIT));
            self.link(q);
            self.monitorNode(erlNode, true);
            // This node does not go down for its own processes: no nodedown comes of this one.
            self.monitorNode(java.name(), true);
            erl.signal("KILL");
            List<Term> seen = List.of(self.receive(WAIT), self.receive(WAIT));
            assertThat(seen).containsExactlyInAnyOrder(Tuple.of(Atom.of("EXIT"), q, Atom.of("noconnection")),
                    Tuple.of(Atom.of("nodedown"), erlNode));
            self.monitorNode(Atom.of("nobody@nowhere"), true);
            assertThat(self.receive(WAIT)).isEqualTo(Tuple.of(Atom.of("nodedown"), Atom.of("nobody@nowhere")));
            assertThat(self.receive(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void aProcessKilledWhileItsSendWaitsForAFrozenPeerDiesAloneAndTheMessageArrivesWhole() throws Exception {
        int size = 32 << 20;
        // Sent in one frame, so that the sending process writes all of it itself, as it writes any
        // message when nothing else is being written (larger ones go in fragments, which the
        // connection's writer thread writes after the first).
        ConnectionSettings oneFrame = new ConnectionSettings(4, 1L << 30, 2 * size, 2 * size, 2000,
                ConnectionSettings.ReaderThread.PLATFORM);
        try (OtpPeer erl = OtpPeer.builder().release(OtpRelease.host()).epmdPort(PEERS.epmdPort()).start();
                Node java = javaNode(oneFrame); Mailbox self = java.mailbox()) {
            erl.eval("register(sink, spawn(fun() -> receive B when is_binary(B) -> receive {check, From} -> "
                    + "From ! {got, byte_size(B)} end end end)), ok");
            Atom erlNode = Atom.of(erl.nodeName());
            assertThat(java.ping(erlNode)).isTrue();
            List<NodeEvent> events = new CopyOnWriteArrayList<>();
            try (AutoCloseable watching = java.monitorNodes(true, events::add)) {
                Spawned sender;
                erl.signal("STOP");
                try {
                    // Far more than the socket buffers hold: the sender's write waits for a peer that does not read.
                    AtomicReference<Thread> senderThread = new AtomicReference<>();
                    sender = java.spawnMonitor(self, p -> {
                        senderThread.set(Thread.currentThread());
                        p.send(Atom.of("sink"), erlNode, Binary.of(new byte[size]));
                    });
                    // The process's only wait is its write to the socket, which nobody reads.
                    await().atMost(WAIT).until(() -> senderThread.get() != null
                            && senderThread.get().getState() == Thread.State.WAITING);
                    self.exit(sender.pid(), Atom.of("kill"));
                    assertThat(self.receive(WAIT)).isEqualTo(Tuple.of(Atom.of("DOWN"), sender.monitor(),
                            Atom.of("process"), sender.pid(), Atom.of("killed")));
                } finally {
                    erl.signal("CONT");
                }
                self.send(Atom.of("sink"), erlNode, Tuple.of(Atom.of("check"), self.self()));
                assertThat(self.receive(WAIT)).isEqualTo(Tuple.of(Atom.of("got"), Int.of(size)));
                assertThat(events).isEmpty();
            }
        }
    }

    private static String linksOf(OtpPeer erl, String registeredName) {
        return erl.eval("length(element(2, process_info(whereis(" + registeredName + "), links)))");
    }

    private static String monitorsOn(OtpPeer erl) {
        return erl.eval("length(element(2, process_info(whereis(w), monitored_by)))");
    }

    private static Tuple monitoredBy(Pid... watchers) {
        return Tuple.of(Atom.of("monitored_by"), ErlList.of(List.of(watchers)));
    }
}
