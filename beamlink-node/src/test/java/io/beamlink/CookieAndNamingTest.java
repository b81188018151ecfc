package io.beamlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.beamlink.epmd.EpmdConfig;
import io.beamlink.epmd.EpmdDaemon;
import io.beamlink.node.NodeName;
import io.beamlink.node.NodeVisibility;
import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Term;
import io.beamlink.testkit.FreePort;
import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpPeers;
import io.beamlink.testkit.OtpRelease;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Wrong cookies, long names, hidden nodes, Elixir, and erl nodes on Beamlink's own epmd. */
class CookieAndNamingTest {
    @RegisterExtension
    static final OtpPeers PEERS = OtpPeers.create();

    private static final Duration WAIT = Duration.ofSeconds(10);

    static List<OtpRelease> releases() {
        return OtpRelease.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void wrongCookieIsPangBothWaysWithOtpsLogLineAndBothNodesGoOn(OtpRelease release) throws Exception {
        OtpPeer erl = PEERS.peer(release);
        Atom erlNode = Atom.of(erl.nodeName());
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (Node stranger = TestNodes.start(TestNodes.config(NodeName.shortName(TestNodes.uniqueAlive("bad")),
                PEERS.epmdPort()).cookie("not-the-cookie"))) {
            assertThat(stranger.ping(erlNode)).isFalse();
            await().atMost(WAIT).until(() -> String.join("\n", erl.outputLines())
                    .contains("Connection attempt from node " + stranger.name().name() + " rejected"));

            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                assertThat(erl.eval("net_adm:ping('" + stranger.name().name() + "')")).isEqualTo("pang");
            } finally {
                System.setErr(originalErr);
            }
            assertThat(captured.toString(StandardCharsets.UTF_8)).contains("Connection attempt from node "
                    + erl.nodeName() + " rejected. Invalid challenge reply.");
            assertThat(stranger.nodes(NodeVisibility.CONNECTED)).isEmpty();

            try (Node friend = TestNodes.shortNamed(PEERS.epmdPort())) {
                assertThat(friend.ping(erlNode)).isTrue();
                assertThat(erl.eval("net_adm:ping('" + friend.name().name() + "')")).isEqualTo("pong");
            }
            stranger.setCookie(erlNode, TestNodes.COOKIE);
            assertThat(stranger.ping(erlNode)).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void longNamesBothWays(OtpRelease release) throws Exception {
        try (OtpPeer erl = OtpPeer.builder().release(release).name(TestNodes.uniqueAlive("erl") + "@127.0.0.1")
                .epmdPort(PEERS.epmdPort()).start();
                Node java = TestNodes.longNamed(PEERS.epmdPort())) {
            assertThat(java.ping(Atom.of(erl.nodeName()))).isTrue();
            // erl's rex asks a new node's rex for its features; an answer sent after the
            // disconnect connects again (as OTP's own rex would), so disconnect until none is left.
            await().atMost(WAIT).until(() -> {
                java.disconnect(Atom.of(erl.nodeName()));
                return java.nodes().isEmpty();
            });
            assertThat(erl.eval("net_adm:ping('" + java.name().name() + "')")).isEqualTo("pong");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void hiddenJavaNodeIsOnlyInNodesHidden(OtpRelease release) throws Exception {
        OtpPeer erl = PEERS.peer(release);
        try (Node java = TestNodes.start(TestNodes.config(NodeName.shortName(TestNodes.uniqueAlive("hid")),
                PEERS.epmdPort()).hidden(true))) {
            assertThat(java.ping(Atom.of(erl.nodeName()))).isTrue();
            String name = "'" + java.name().name() + "'";
            assertThat(erl.eval("{lists:member(" + name + ", nodes()), lists:member(" + name + ", nodes(hidden))}"))
                    .isEqualTo("{false,true}");
            assertThat(java.nodes(NodeVisibility.HIDDEN)).contains(Atom.of(erl.nodeName()));
            assertThat(java.nodes()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void erlangNodesUseBeamlinksEpmd(OtpRelease release) throws Exception {
        int port = FreePort.find();
        try (EpmdDaemon epmd = EpmdDaemon.start(EpmdConfig.builder().port(port).build());
                OtpPeer a = OtpPeer.builder().release(release).epmdPort(port).start();
                OtpPeer b = OtpPeer.builder().release(OtpRelease.host()).epmdPort(port).start();
                Node java = TestNodes.shortNamed(port)) {
            assertThat(a.eval("net_adm:ping('" + b.nodeName() + "')")).isEqualTo("pong");
            assertThat(a.eval("net_adm:ping('" + java.name().name() + "')")).isEqualTo("pong");
            assertThat(java.ping(Atom.of(b.nodeName()))).isTrue();
        }
    }

    static List<OtpRelease> releasesWithElixir() {
        return OtpRelease.available().stream().filter(OtpRelease::hasElixir).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasesWithElixir")
    void elixirNodeTalksToJava(OtpRelease release) throws Exception {
        try (OtpPeer elixir = OtpPeer.builder().release(release).elixir().epmdPort(PEERS.epmdPort()).start();
                Node java = TestNodes.shortNamed(PEERS.epmdPort());
                Mailbox inbox = java.mailbox("inbox")) {
            assertThat(java.ping(Atom.of(elixir.nodeName()))).isTrue();
            elixir.evalElixir("send({:inbox, :\"" + java.name().name() + "\"}, {:hello, \"from elixir\", Node.self()})");
            Term got = inbox.receive(WAIT);
            assertThat(got).isEqualTo(Term.tuple(Atom.of("hello"), Term.binary("from elixir"), Atom.of(elixir.nodeName())));
            assertThat(elixir.evalElixir("Node.ping(:\"" + java.name().name() + "\")")).isEqualTo(":pong");
        }
    }
}
