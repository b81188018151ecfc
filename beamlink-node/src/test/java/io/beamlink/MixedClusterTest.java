package io.beamlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.beamlink.process.Mailbox;
import io.beamlink.term.Atom;
import io.beamlink.term.Term;
import io.beamlink.term.TermParser;
import io.beamlink.term.Tuple;
import io.beamlink.testkit.OtpPeer;
import io.beamlink.testkit.OtpPeers;
import io.beamlink.testkit.OtpRelease;
import java.time.Duration;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One cluster of three generations through one epmd: a Beamlink node, an OTP 25 node and an
 * OTP 29 (or newer) node, each sending to a registered process on each of the others.
 */
class MixedClusterTest {
    @RegisterExtension
    static final OtpPeers PEERS = OtpPeers.create();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Atom INBOX = Atom.of("inbox");
    /** Erlang text, so both sides build the same term: integer, float, binary, map, string. */
    private static final String PAYLOAD = "[1, 2.5, <<\"b\">>, #{k => v}, \"text\"]";

    @Test
    void aBeamlinkNodeAnOtp25NodeAndAnOtp29NodeEachSendToEachOther() throws Exception {
        OtpPeer otp25 = PEERS.peer(release("OTP 25", major -> major == 25));
        OtpPeer otp29 = PEERS.peer(release("OTP 29 or newer", major -> major >= 29));
        Atom otp25Node = Atom.of(otp25.nodeName());
        Atom otp29Node = Atom.of(otp29.nodeName());
        Term payload = TermParser.parse(PAYLOAD);

        try (Node java = TestNodes.shortNamed(PEERS.epmdPort()); Mailbox inbox = java.mailbox("inbox")) {
            Atom javaNode = java.name();
            // The peer's evaluator process lives as long as the peer, so it can be the inbox.
            for (OtpPeer erl : List.of(otp25, otp29)) {
                assertThat(erl.eval("catch unregister(inbox), register(inbox, self())")).isEqualTo("true");
            }

            inbox.send(INBOX, otp25Node, greeting(javaNode, otp25Node, payload));
            inbox.send(INBOX, otp29Node, greeting(javaNode, otp29Node, payload));
            assertThat(otp25.eval(sendTo(javaNode) + ", " + sendTo(otp29Node) + ", ok")).isEqualTo("ok");
            assertThat(otp29.eval(sendTo(javaNode) + ", " + sendTo(otp25Node) + ", ok")).isEqualTo("ok");

            for (Atom from : List.of(otp25Node, otp29Node)) {
                Tuple expected = greeting(from, javaNode, payload);
                Term received = inbox.receive(m -> m.equals(expected) ? m : null, WAIT);
                assertThat(received).as("the greeting from %s on the Java node", from).isEqualTo(expected);
            }
            assertThat(otp25.eval(receiveFrom(javaNode, otp29Node))).isEqualTo("[received,received]");
            assertThat(otp29.eval(receiveFrom(javaNode, otp25Node))).isEqualTo("[received,received]");

            assertThat(java.nodes()).contains(otp25Node, otp29Node);
            assertThat(otp25.eval(isConnectedTo(javaNode, otp29Node))).isEqualTo("true");
            assertThat(otp29.eval(isConnectedTo(javaNode, otp25Node))).isEqualTo("true");
        }
    }

    /**
     * The prepared release whose OTP major fits; without it the test fails (it never skips),
     * saying what is prepared and how to prepare the rest.
     */
    private static OtpRelease release(String wanted, IntPredicate major) {
        List<OtpRelease> available = OtpRelease.available();
        return available.stream().filter(r -> major.test(r.major())).findFirst().orElseThrow(() -> new AssertionError(
                "the mixed cluster needs an " + wanted + " release, but only " + available + " are available"
                        + ("true".equals(System.getenv("CI")) ? " in this CI run" : "")
                        + "; run scripts/prepare-otp.sh as root to prepare trixie (OTP 27) and sid (OTP 29+), and"
                        + " leave " + OtpRelease.RELEASES_VARIABLE + " unset or naming host and sid"));
    }

    private static Tuple greeting(Atom from, Atom to, Term payload) {
        return Tuple.of(Atom.of("hello"), from, to, payload);
    }

    private static String sendTo(Atom node) {
        return "{inbox, " + quoted(node) + "} ! {hello, node(), " + quoted(node) + ", " + PAYLOAD + "}";
    }

    /** Erlang that waits for the greeting of each sender in turn: [received, ...] or {missing, Node}. */
    private static String receiveFrom(Atom... senders) {
        StringBuilder list = new StringBuilder();
        for (Atom sender : senders) {
            list.append(list.isEmpty() ? "" : ", ").append(quoted(sender));
        }
        return "Expected = " + PAYLOAD + ", Me = node(), "
                + "[receive {hello, From, Me, Expected} -> received after " + WAIT.toMillis() + " -> {missing, From} end"
                + " || From <- [" + list + "]]";
    }

    private static String isConnectedTo(Atom first, Atom second) {
        return "lists:all(fun(N) -> lists:member(N, nodes()) end, [" + quoted(first) + ", " + quoted(second) + "])";
    }

    private static String quoted(Atom node) {
        return "'" + node.name() + "'";
    }
}
