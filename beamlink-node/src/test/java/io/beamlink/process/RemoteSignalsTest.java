package io.beamlink.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.Node;
import io.beamlink.node.NodeConfig;
import io.beamlink.node.NodeName;
import io.beamlink.term.Atom;
import io.beamlink.term.ErlList;
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
import java.util.concurrent.ThreadLocalRandom;
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
        return Node.start(NodeConfig.builder()
                .name(NodeName.shortName("sig" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)))
                .cookie("beamlink-test").epmdPort(PEERS.epmdPort()).embeddedEpmd(false)
                .listenAddress(InetAddress.getLoopbackAddress()).build());
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

    private static String monitorsOn(OtpPeer erl) {
        return erl.eval("length(element(2, process_info(whereis(w), monitored_by)))");
    }

    private static Tuple monitoredBy(Pid... watchers) {
        return Tuple.of(Atom.of("monitored_by"), ErlList.of(List.of(watchers)));
    }
}
