package io.beamlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.node.NodeEvent;
import io.beamlink.node.NodeName;
import io.beamlink.node.NodeVisibility;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Binary;
import io.beamlink.term.Int;
import io.beamlink.term.Pid;
import io.beamlink.term.Term;
import io.beamlink.term.Tuple;
import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpPeers;
import io.beamlink.testkit.OtpRelease;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A Java node and a real erl node, short names, through OTP's epmd: every basic of issue 4. */
class ErlangInteropTest {
    @RegisterExtension
    static final OtpPeers PEERS = OtpPeers.create();

    private static final Duration WAIT = Duration.ofSeconds(10);

    static List<OtpRelease> releases() {
        return OtpRelease.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void javaPingsErlangAndErlangSeesTheJavaNode(OtpRelease release) throws Exception {
        OtpPeer erl = PEERS.peer(release);
        try (Node java = TestNodes.shortNamed(PEERS.epmdPort())) {
            assertThat(java.ping(Atom.of(erl.nodeName()))).isTrue();
            assertThat(java.nodes()).contains(Atom.of(erl.nodeName()));
            assertThat(erl.eval("lists:member('" + java.name().name() + "', nodes())")).isEqualTo("true");
        }
    }

    /**
     * Both ends connect at one wall-clock instant, ten times with the Java node's name below
     * erl's and ten times above it (net_kernel lets the attempt of the node with the greater
     * name win a simultaneous connect): every time both connects succeed, and both ends keep
     * the same TCP connection (the port erl's net_kernel reports for it is the Java end's). A
     * fresh Java node each time: after a disconnect, erl's global may connect again at once.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void connectsFromBothEndsAtOnceEndWithOneConnection(OtpRelease release) throws Exception {
        OtpPeer erl = PEERS.peer(release);
        Atom erlNode = Atom.of(erl.nodeName());
        for (String alivePrefix : List.of("a", "z")) { // erl's shared peers are named peer...
            for (int round = 0; round < 10; round++) {
                try (Node java = TestNodes.start(TestNodes.config(
                        NodeName.shortName(TestNodes.uniqueAlive(alivePrefix)), PEERS.epmdPort()));
                        Mailbox results = java.mailbox("simultaneous")) {
                    String j = "'" + java.name().name() + "'";
                    long at = System.currentTimeMillis() + 200;
                    erl.eval("spawn(fun() -> timer:sleep(max(0, " + at + " - os:system_time(millisecond))), "
                            + "{simultaneous, " + j + "} ! {erl_connected, net_kernel:connect_node(" + j + ")} end), ok");
                    Thread.sleep(Math.max(0, at - System.currentTimeMillis()));
                    assertThat(java.connect(erlNode)).as("%s, round %d", j, round).isTrue();
                    assertThat(results.receive(WAIT)).isEqualTo(Tuple.of(Atom.of("erl_connected"), Atom.TRUE));
                    InetSocketAddress javaEnd = (InetSocketAddress) java.connection(erlNode).orElseThrow().localAddress();
                    assertThat(erl.eval("(fun() -> {ok, SimInfo} = net_kernel:node_info(" + j + "), "
                            + "{net_address, {_, SimPort}, _, _, _} = proplists:get_value(address, SimInfo), SimPort end)()"))
                            .as("%s, round %d", j, round).isEqualTo(String.valueOf(javaEnd.getPort()));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void erlangPingsJava(OtpRelease release) {
        OtpPeer erl = PEERS.peer(release);
        try (Node java = TestNodes.shortNamed(PEERS.epmdPort())) {
            assertThat(erl.eval("net_adm:ping('" + java.name().name() + "')")).isEqualTo("pong");
            assertThat(java.nodes()).contains(Atom.of(erl.nodeName()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void javaSendsToARegisteredErlangProcessAndGetsTheReply(OtpRelease release) throws Exception {
        OtpPeer erl = PEERS.peer(release);
        erl.eval("catch unregister(echo), register(echo, spawn(fun Loop() -> receive {From, Msg} -> From ! {echo, self(), Msg}, Loop() end end)), ok");
        try (Node java = TestNodes.shortNamed(PEERS.epmdPort()); Mailbox inbox = java.mailbox()) {
            Term message = Tuple.of(Atom.of("hello"), Int.of(42), Binary.utf8("from java"));
            inbox.send(Atom.of("echo"), Atom.of(erl.nodeName()), Tuple.of(inbox.self(), message));
            Term reply = inbox.receive(WAIT);
            assertThat(reply).isInstanceOf(Tuple.class);
            Tuple t = (Tuple) reply;
            assertThat(t.get(0)).isEqualTo(Atom.of("echo"));
            assertThat(((Pid) t.get(1)).node()).isEqualTo(Atom.of(erl.nodeName()));
            assertThat(t.get(2)).isEqualTo(message);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void erlangSendsToANameAndToAPidOnTheJavaNode(OtpRelease release) throws Exception {
        OtpPeer erl = PEERS.peer(release);
        try (Node java = TestNodes.shortNamed(PEERS.epmdPort()); Mailbox named = java.mailbox("inbox")) {
            String node = java.name().name();
            erl.eval("{inbox, '" + node + "'} ! {by_name, self(), [1, 2.5, <<\"b\">>, #{k => v}]}, ok");
            Tuple byName = (Tuple) named.receive(WAIT);
            assertThat(byName.get(0)).isEqualTo(Atom.of("by_name"));
            Pid erlPid = (Pid) byName.get(1);
            assertThat(erlPid.node()).isEqualTo(Atom.of(erl.nodeName()));

            named.send(erlPid, Tuple.of(Atom.of("your_pid"), named.self()));
            assertThat(erl.eval("receive {your_pid, P} -> P ! {by_pid, node(P)}, ok after 5000 -> timeout end"))
                    .isEqualTo("ok");
            Tuple byPid = (Tuple) named.receive(WAIT);
            assertThat(byPid).isEqualTo(Tuple.of(Atom.of("by_pid"), java.name()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void nodeupAndNodedownAreReportedAndAKilledPeerIsDownAtOnce(OtpRelease release) throws Exception {
        try (OtpPeer erl = OtpPeer.builder().release(release).epmdPort(PEERS.epmdPort()).start();
                Node java = TestNodes.shortNamed(PEERS.epmdPort())) {
            List<NodeEvent> events = new CopyOnWriteArrayList<>();
            try (AutoCloseable monitor = java.monitorNodes(true, events::add)) {
                Atom erlNode = Atom.of(erl.nodeName());
                assertThat(java.ping(erlNode)).isTrue();
                erl.signal("KILL");
                await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> !e.up()));
                assertThat(events).extracting(NodeEvent::up).containsExactly(true, false);
                assertThat(events.get(1).node()).isEqualTo(erlNode);
                assertThat(java.nodes(NodeVisibility.CONNECTED)).doesNotContain(erlNode);
            }
        }
    }
}
